using System.Globalization;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Schools.Pages;

/// <summary>A school's own settings. A stale edit is refused with what the other person changed; nothing is silently overwritten.</summary>
[GuardedBy(RecordType.SchoolSettings, Operation.Read)]
public sealed class SettingsModel(AppDbContext db, IAuthorizationService authorization) : PageModel
{
    public static readonly KeyStages[] KeyStageChoices = [KeyStages.EarlyYears, KeyStages.KS1, KeyStages.KS2, KeyStages.KS3, KeyStages.KS4, KeyStages.KS5];

    [BindProperty]
    public SettingsForm Input { get; set; } = new();

    public bool Saved { get; private set; }
    public IReadOnlyList<string>? Conflicts { get; private set; }

    public async Task OnGetAsync(Guid id)
    {
        var school = await LoadAsync(id, SchoolOperations.ReadSettings);
        Input = SettingsForm.From(school);
        Saved = TempData.ContainsKey("saved");
    }

    [GuardedBy(RecordType.SchoolSettings, Operation.Amend)]
    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var school = await LoadAsync(id, SchoolOperations.AmendSettings);
        Validate(id);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (school.Version != Input.Version)
        {
            return Conflict(school);
        }

        Input.ApplyTo(school);
        try
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Conflict(await LoadAsync(id, SchoolOperations.AmendSettings));
        }

        TempData["saved"] = true;
        return RedirectToPage(new { id });
    }

    public static string Describe(SchoolPhase phase) => phase switch
    {
        SchoolPhase.AllThrough => "All-through",
        SchoolPhase.AlternativeProvision => "Alternative provision",
        _ => phase.ToString(),
    };

    private IActionResult Conflict(School current)
    {
        var theirs = SettingsForm.From(current);
        Conflicts = Input.DifferencesFrom(theirs);
        if (Conflicts.Count == 0)
        {
            Conflicts = ["They saved the same values you entered."];
        }

        ModelState.Clear();
        Input = theirs;
        return Page();
    }

    private async Task<School> LoadAsync(Guid id, AccessRequirement requirement)
    {
        var school = await db.Schools.FirstOrDefaultAsync(s => s.Id == id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        await authorization.AuthorizeOrNotFoundAsync(User, school, requirement);
        return school;
    }

    private void Validate(Guid id)
    {
        Input.Name = Input.Name?.Trim();
        Input.Urn = Input.Urn?.Trim();
        if (string.IsNullOrEmpty(Input.Name))
        {
            ModelState.AddModelError("Input.Name", "Enter the school's name");
        }
        else if (Input.Name.Length > 200)
        {
            ModelState.AddModelError("Input.Name", "School name must be 200 characters or fewer");
        }

        if (Input.Urn is null || Input.Urn.Length != 6 || !Input.Urn.All(char.IsAsciiDigit))
        {
            ModelState.AddModelError("Input.Urn", "Enter the URN as 6 digits, like 100001");
        }

        else if (Input.Urn is not null && db.Schools.Any(s => s.Urn == Input.Urn && s.Id != id))
        {
            ModelState.AddModelError("Input.Urn", "Another school in Attune already has this URN");
        }

        if (Input.KeyStages == KeyStages.None)
        {
            ModelState.AddModelError("Input.KeyStages", "Select the key stages the school teaches");
        }

        foreach (var (field, value) in new[] { ("MorningRegisterOpens", Input.MorningRegisterOpens), ("AfternoonRegisterOpens", Input.AfternoonRegisterOpens) })
        {
            if (!TimeOnly.TryParseExact(value?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                ModelState.AddModelError("Input." + field, "Enter a time in 24-hour format, like 08:45");
            }
        }

        if (Input.RegisterOpenMinutes is not (>= 0 and <= 30))
        {
            ModelState.AddModelError("Input.RegisterOpenMinutes", "Minutes the register stays open must be a whole number from 0 to 30");
        }

        if (Input.IdleTimeoutMinutes is not (>= 5 and <= 120))
        {
            ModelState.AddModelError("Input.IdleTimeoutMinutes", "Idle minutes must be a whole number from 5 to 120");
        }
    }

    public sealed class SettingsForm
    {
        public int Version { get; set; }
        public string? Name { get; set; }
        public string? Urn { get; set; }
        public SchoolPhase Phase { get; set; }
        public KeyStages[] KeyStageList { get; set; } = [];
        public KeyStages KeyStages
        {
            get => KeyStageList.Aggregate(KeyStages.None, (all, one) => all | one);
            set => KeyStageList = KeyStageChoices.Where(k => value.HasFlag(k)).ToArray();
        }

        public string? MorningRegisterOpens { get; set; }
        public string? AfternoonRegisterOpens { get; set; }
        public int? RegisterOpenMinutes { get; set; }
        public int? IdleTimeoutMinutes { get; set; }
        public bool ExemptReportOnlyStaffFromMfa { get; set; }

        public static SettingsForm From(School school) => new()
        {
            Version = school.Version,
            Name = school.Name,
            Urn = school.Urn,
            Phase = school.Phase,
            KeyStages = school.KeyStages,
            MorningRegisterOpens = school.MorningRegisterOpens.ToString("HH:mm", CultureInfo.InvariantCulture),
            AfternoonRegisterOpens = school.AfternoonRegisterOpens.ToString("HH:mm", CultureInfo.InvariantCulture),
            RegisterOpenMinutes = school.RegisterOpenMinutes,
            IdleTimeoutMinutes = school.IdleTimeoutMinutes,
            ExemptReportOnlyStaffFromMfa = school.ExemptReportOnlyStaffFromMfa,
        };

        public void ApplyTo(School school)
        {
            school.Name = Name!;
            school.Urn = Urn!;
            school.Phase = Phase;
            school.KeyStages = KeyStages;
            school.MorningRegisterOpens = TimeOnly.ParseExact(MorningRegisterOpens!.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture);
            school.AfternoonRegisterOpens = TimeOnly.ParseExact(AfternoonRegisterOpens!.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture);
            school.RegisterOpenMinutes = RegisterOpenMinutes!.Value;
            school.IdleTimeoutMinutes = IdleTimeoutMinutes!.Value;
            school.ExemptReportOnlyStaffFromMfa = ExemptReportOnlyStaffFromMfa;
        }

        /// <summary>Each setting where the saved values differ from what this person entered, in words.</summary>
        public List<string> DifferencesFrom(SettingsForm saved)
        {
            var differences = new List<string>();
            void Compare(string label, object? mine, object? theirs)
            {
                if (!Equals(mine?.ToString(), theirs?.ToString()))
                {
                    differences.Add($"{label}: now \u201c{theirs}\u201d (you entered \u201c{mine}\u201d)");
                }
            }

            Compare("School name", Name, saved.Name);
            Compare("URN", Urn, saved.Urn);
            Compare("Phase", Describe(Phase), Describe(saved.Phase));
            Compare("Key stages", KeyStages, saved.KeyStages);
            Compare("Morning register opens", MorningRegisterOpens, saved.MorningRegisterOpens);
            Compare("Afternoon register opens", AfternoonRegisterOpens, saved.AfternoonRegisterOpens);
            Compare("Minutes the register stays open", RegisterOpenMinutes, saved.RegisterOpenMinutes);
            Compare("Idle minutes", IdleTimeoutMinutes, saved.IdleTimeoutMinutes);
            Compare("Report-only staff exemption", ExemptReportOnlyStaffFromMfa ? "on" : "off", saved.ExemptReportOnlyStaffFromMfa ? "on" : "off");
            return differences;
        }
    }
}
