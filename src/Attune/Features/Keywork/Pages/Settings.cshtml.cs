using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Keywork.Pages;

/// <summary>A school's session themes and stages of regulation, kept by a school-wide pastoral lead.</summary>
[GuardedBy(RecordType.KeyworkSettings, Operation.Read)]
public sealed class SettingsModel(KeyworkSettings settings, StaffContext staff) : PageModel
{
    [BindProperty] public List<SettingRow> Themes { get; set; } = [];
    [BindProperty] public List<SettingRow> Stages { get; set; } = [];

    public string SchoolName { get; private set; } = "";
    public bool MayAmend { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid schoolId)
    {
        Load(schoolId);
        Themes = [.. await settings.ThemesAsync(schoolId, HttpContext.RequestAborted)];
        Stages = [.. await settings.StagesAsync(schoolId, HttpContext.RequestAborted)];
    }

    [GuardedBy(RecordType.KeyworkSettings, Operation.Amend)]
    public async Task<IActionResult> OnPostThemesAsync(Guid schoolId)
    {
        ModelState.Clear();
        Guard(schoolId, amend: true);
        var errors = await settings.SaveThemesAsync(schoolId, Themes, HttpContext.RequestAborted);
        return await AfterAsync(schoolId, errors, "Session themes saved.", themes: true);
    }

    [GuardedBy(RecordType.KeyworkSettings, Operation.Amend)]
    public async Task<IActionResult> OnPostStagesAsync(Guid schoolId)
    {
        ModelState.Clear();
        Guard(schoolId, amend: true);
        var errors = await settings.SaveStagesAsync(schoolId, Stages, HttpContext.RequestAborted);
        return await AfterAsync(schoolId, errors, "Stages of regulation saved.", themes: false);
    }

    private async Task<IActionResult> AfterAsync(Guid schoolId, IReadOnlyDictionary<string, string> errors, string saved, bool themes)
    {
        if (errors.Count == 0)
        {
            Message = saved;
            return Redirect($"/keywork/settings/{schoolId}");
        }

        ModelState.AddAll(errors, SettingRows.InRowOrder(errors.Keys));
        Load(schoolId);
        if (themes)
        {
            Stages = [.. await settings.StagesAsync(schoolId, HttpContext.RequestAborted)];
        }
        else
        {
            Themes = [.. await settings.ThemesAsync(schoolId, HttpContext.RequestAborted)];
        }

        return Page();
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
