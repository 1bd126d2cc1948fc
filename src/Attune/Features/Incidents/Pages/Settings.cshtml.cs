using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Incidents.Pages;

/// <summary>
/// A school's incident settings, kept by a school-wide pastoral lead: the types, severities, locations, periods and
/// physical intervention techniques incidents are recorded with (with their flags), and the alert rules. Saved all
/// at once, all or nothing.
/// </summary>
[GuardedBy(RecordType.IncidentSettings, Operation.Read)]
public sealed class SettingsModel(IncidentSettings settings, StaffContext staff) : PageModel
{
    [BindProperty] public List<SettingRow> Types { get; set; } = [];
    [BindProperty] public List<SettingRow> Severities { get; set; } = [];
    [BindProperty] public List<SettingRow> Locations { get; set; } = [];
    [BindProperty] public List<SettingRow> Periods { get; set; } = [];
    [BindProperty] public List<SettingRow> Techniques { get; set; } = [];
    [BindProperty] public int DysregulationCount { get; set; }
    [BindProperty] public int DysregulationSchoolDays { get; set; }
    [BindProperty] public bool InterventionAlertsLead { get; set; }
    [BindProperty] public int RisingPercent { get; set; }
    [BindProperty] public int RisingMinimum { get; set; }
    [BindProperty] public int? RulesVersion { get; set; }

    public string SchoolName { get; private set; } = "";
    public bool MayAmend { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public static readonly IReadOnlyList<IncidentList> Lists = Enum.GetValues<IncidentList>();

    /// <summary>The rows of one list as the form shows them.</summary>
    public List<SettingRow> RowsOf(IncidentList list) => list switch
    {
        IncidentList.Type => Types,
        IncidentList.Severity => Severities,
        IncidentList.Location => Locations,
        IncidentList.Period => Periods,
        _ => Techniques,
    };

    public async Task OnGetAsync(Guid schoolId)
    {
        Load(schoolId);
        await FillAsync(schoolId);
    }

    [GuardedBy(RecordType.IncidentSettings, Operation.Amend)]
    public async Task<IActionResult> OnPostAsync(Guid schoolId)
    {
        var posted = ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => e.Key).FirstOrDefault(k => !k.Contains('['));
        ModelState.Clear();
        Guard(schoolId, amend: true);
        if (posted is not null)
        {
            // A number that did not parse: name the field rather than save a zero.
            ModelState.AddModelError(posted, "Enter a whole number");
            Load(schoolId);
            return Page();
        }

        var rules = new IncidentAlertRules
        {
            SchoolId = schoolId, DysregulationCount = DysregulationCount, DysregulationSchoolDays = DysregulationSchoolDays,
            InterventionAlertsLead = InterventionAlertsLead, RisingPercent = RisingPercent, RisingMinimum = RisingMinimum,
        };
        var errors = await settings.SaveAsync(schoolId, Lists.ToDictionary(l => l, l => (IReadOnlyList<SettingRow>)RowsOf(l)), rules, RulesVersion, HttpContext.RequestAborted);
        if (errors.Count == 0)
        {
            Message = "Incident settings saved.";
            return Redirect($"/incidents/settings/{schoolId}");
        }

        ModelState.AddAll(errors, SettingRows.InRowOrder(errors.Keys));
        Load(schoolId);
        return Page();
    }

    private async Task FillAsync(Guid schoolId)
    {
        var ct = HttpContext.RequestAborted;
        foreach (var list in Lists)
        {
            RowsOf(list).AddRange(await settings.RowsAsync(schoolId, list, ct));
        }

        var rules = await settings.RulesAsync(schoolId, ct);
        (DysregulationCount, DysregulationSchoolDays, InterventionAlertsLead, RisingPercent, RisingMinimum) =
            (rules.DysregulationCount, rules.DysregulationSchoolDays, rules.InterventionAlertsLead, rules.RisingPercent, rules.RisingMinimum);
        RulesVersion = await settings.RulesVersionAsync(schoolId, ct);
    }

    private void Guard(Guid schoolId, bool amend)
    {
        if (settings.Schools(amend).All(s => s.Id != schoolId))
        {
            throw new NotFoundException();
        }
    }

    private void Load(Guid schoolId)
    {
        Guard(schoolId, amend: false);
        SchoolName = staff.Schools.Single(s => s.Id == schoolId).Name;
        MayAmend = settings.Schools(amend: true).Any(s => s.Id == schoolId);
    }
}
