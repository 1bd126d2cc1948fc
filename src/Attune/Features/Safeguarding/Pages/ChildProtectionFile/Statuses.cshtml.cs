using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding.Pages.ChildProtectionFile;

/// <summary>A pupil's safeguarding statuses with their dates: start one, end one. Only the DSL team in scope.</summary>
[GuardedBy(RecordType.SafeguardingStatus, Operation.Amend)]
public sealed class StatusesModel(SafeguardingStatuses statuses, AppDbContext db, Platform.Auditing.AuditTrail audit) : PageModel
{
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? StartedOn { get; set; }
    [BindProperty] public string? Note { get; set; }

    public string PupilName { get; private set; } = "";
    public IReadOnlyList<PupilSafeguardingStatus> All { get; private set; } = [];

    [TempData] public string? Message { get; set; }

    /// <summary>Shows the pupil's statuses; the view is audited against the pupil, as the chronology's is.</summary>
    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);
        await AuditViewAsync(id);
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        await LoadAsync(id);
        ModelState.Clear();
        var errors = new Dictionary<string, string>();
        var started = DateInput.ParseDate(StartedOn);
        var outcome = await statuses.StartAsync(id, ChoiceInput.Parse<SafeguardingStatusKind>(Kind), started, Note, errors, HttpContext.RequestAborted);
        if (outcome.Saved is { } saved)
        {
            Message = $"{PupilSafeguardingStatus.Name(saved.Kind)} recorded from {saved.StartedOn:d MMM yyyy}.";
            return Redirect($"/safeguarding/pupils/{id}/statuses");
        }

        ModelState.AddAll(outcome.Errors, "Kind", "StartedOn", "Note");
        await LoadAsync(id);
        await AuditViewAsync(id);
        return Page();
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id, Guid statusId, int version, string? endedOn)
    {
        await LoadAsync(id);
        var outcome = await statuses.EndAsync(id, statusId, version, DateInput.ParseDate(endedOn), HttpContext.RequestAborted);
        Message = outcome switch
        {
            { Saved: { } ended } => $"{PupilSafeguardingStatus.Name(ended.Kind)} ended on {ended.EndedOn:d MMM yyyy}.",
            { Conflict: true } => "Not saved: someone else changed that status first. It is shown as it is now.",
            _ => "Not saved: " + outcome.Errors.Values.First(),
        };
        return Redirect($"/safeguarding/pupils/{id}/statuses");
    }

    private async Task AuditViewAsync(Guid id)
    {
        var schoolId = await db.Pupils.Where(p => p.Id == id).Select(p => p.SchoolId).SingleAsync(HttpContext.RequestAborted);
        audit.RecordRead(nameof(PupilSafeguardingStatus), id, id, schoolId);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    private async Task LoadAsync(Guid id)
    {
        if (!await statuses.MayChangeAsync(id, HttpContext.RequestAborted))
        {
            throw new NotFoundException();
        }

        PupilName = await db.Pupils.Where(p => p.Id == id).Select(p => (p.PreferredFirstName ?? p.LegalFirstName) + " " + (p.PreferredLastName ?? p.LegalLastName)).SingleAsync(HttpContext.RequestAborted);
        All = await db.SafeguardingStatuses.AsNoTracking().Where(s => s.PupilId == id).OrderBy(s => s.EndedOn != null).ThenByDescending(s => s.StartedOn).ToListAsync(HttpContext.RequestAborted);
    }
}
