using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.Pages;

/// <summary>A pupil's keywork record: sessions and wellbeing check-ins, newest first, with a quick check-in form. Every view is audited.</summary>
[GuardedBy(RecordType.KeyworkSession, Operation.Read, PerPupil = true)]
public sealed class SessionsModel(KeyworkSessions sessions, AppDbContext db, StaffContext staff, AuditTrail audit) : PageModel
{
    [BindProperty] public string? Score { get; set; }
    [BindProperty] public string? Comment { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<KeyworkEntry> Entries { get; private set; } = [];
    public bool MayRecord { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);
        audit.RecordRead(nameof(RecordType.KeyworkSession), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    [GuardedBy(RecordType.KeyworkSession, Operation.Create, PerPupil = true)]
    public async Task<IActionResult> OnPostCheckInAsync(Guid id)
    {
        ModelState.Clear();
        var pupil = await PupilChoice.FindAsync(staff, KeyworkSessions.Create, id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        var (checkIn, errors) = await sessions.CheckInAsync(pupil, int.TryParse(Score, out var score) ? score : null, Comment, HttpContext.RequestAborted);
        if (checkIn is not null)
        {
            Message = $"Check-in recorded: {WellbeingCheckIn.Describe(checkIn.Score)}.";
            return Redirect($"/pupils/{id}/keywork");
        }

        ModelState.AddAll(errors, nameof(Score), nameof(Comment));
        await LoadAsync(id);
        return Page();
    }

    [GuardedBy(RecordType.KeyworkSession, Operation.Create, PerPupil = true)]
    public async Task<IActionResult> OnPostDoneAsync(Guid id, Guid? sessionId)
    {
        _ = await PupilChoice.FindAsync(staff, KeyworkSessions.Create, id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        Message = sessionId is { } session && await sessions.NextStepsDoneAsync(id, session, HttpContext.RequestAborted)
            ? "Next steps marked done."
            : "Those next steps are already done; nothing was changed.";
        return Redirect($"/pupils/{id}/keywork");
    }

    private async Task LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, KeyworkSessions.Read, id, ct) ?? throw new NotFoundException();
        Entries = await sessions.RecordOfAsync(id, ct);
        MayRecord = await db.Pupils.VisibleTo(staff, KeyworkSessions.Create).AnyAsync(p => p.Id == id, ct);
    }
}
