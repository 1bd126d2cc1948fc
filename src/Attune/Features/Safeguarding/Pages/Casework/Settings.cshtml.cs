using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>A school's concern categories and continuum of need, kept by its DSL.</summary>
[GuardedBy(RecordType.SafeguardingSettings, Operation.Read)]
public sealed class SettingsModel(SafeguardingSettings settings, StaffContext staff, Platform.Data.AppDbContext db) : PageModel
{
    [BindProperty] public List<SettingRow> Categories { get; set; } = [];
    [BindProperty] public List<SettingRow> Levels { get; set; } = [];

    public string SchoolName { get; private set; } = "";
    public bool MayAmend { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public Task OnGetAsync(Guid schoolId) => LoadAsync(schoolId, fromDatabase: true);

    [GuardedBy(RecordType.SafeguardingSettings, Operation.Amend)]
    public async Task<IActionResult> OnPostCategoriesAsync(Guid schoolId)
    {
        ModelState.Clear();
        Guard(schoolId, amend: true);
        var errors = await settings.SaveCategoriesAsync(schoolId, Categories, HttpContext.RequestAborted);
        return await AfterAsync(schoolId, errors, "Categories saved.", fromCategories: true);
    }

    [GuardedBy(RecordType.SafeguardingSettings, Operation.Amend)]
    public async Task<IActionResult> OnPostLevelsAsync(Guid schoolId)
    {
        ModelState.Clear();
        Guard(schoolId, amend: true);
        var errors = await settings.SaveLevelsAsync(schoolId, Levels, HttpContext.RequestAborted);
        return await AfterAsync(schoolId, errors, "Continuum of need saved.", fromCategories: false);
    }

    private async Task<IActionResult> AfterAsync(Guid schoolId, IReadOnlyDictionary<string, string> errors, string saved, bool fromCategories)
    {
        if (errors.Count == 0)
        {
            Message = saved;
            return Redirect($"/safeguarding/settings/{schoolId}");
        }

        // In page order: the list's own problem first, then row by row.
        ModelState.AddAll(errors, SettingRows.InRowOrder(errors.Keys));
        var posted = fromCategories ? Categories : Levels;
        await LoadAsync(schoolId, fromDatabase: true);
        if (fromCategories)
        {
            Categories = posted;
        }
        else
        {
            Levels = posted;
        }

        return Page();
    }

    private void Guard(Guid schoolId, bool amend)
    {
        if (!settings.Schools(amend).Any(s => s.Id == schoolId))
        {
            throw new NotFoundException();
        }
    }

    private async Task LoadAsync(Guid schoolId, bool fromDatabase)
    {
        Guard(schoolId, amend: false);
        SchoolName = staff.Schools.Single(s => s.Id == schoolId).Name;
        MayAmend = settings.Schools(amend: true).Any(s => s.Id == schoolId);
        if (fromDatabase)
        {
            Categories = [.. (await settings.CategoriesAsync(schoolId, HttpContext.RequestAborted)).Select(c => new SettingRow
            {
                Id = c.Id, Name = c.Name, DslOnly = c.DslOnly, RetainIndefinitely = c.RetainIndefinitely, Retired = c.Retired,
            })];
            Levels = [.. (await SafeguardingSettings.AllLevelsAsync(db, schoolId, HttpContext.RequestAborted))
                .Select(l => new SettingRow { Id = l.Id, Name = l.Name, Retired = l.Retired })];
        }
    }
}
