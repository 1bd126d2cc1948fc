using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>
/// A concern as the DSL team reads it. Every view is audited against each pupil it is about. The first member
/// of the team to open a new concern acknowledges it (it becomes open, and the reporter sees that); each
/// member's own read marker is set.
/// </summary>
[GuardedBy(RecordType.Concern, Operation.Read)]
public sealed class ConcernModel(AppDbContext db, StaffContext staff, AuditTrail audit, TimeProvider clock, ConcernCasework casework, ConcernCorrections corrections) : PageModel
{
    public Concern Concern { get; private set; } = null!;
    public IReadOnlyList<PupilLine> Pupils { get; private set; } = [];
    public string? AcknowledgedBy { get; private set; }
    public string? OwnerName { get; private set; }
    public IReadOnlyList<ConcernDecision> Decisions { get; private set; } = [];
    public bool CanDecide { get; private set; }
    public IReadOnlyList<SafeguardingAction> Actions { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public IReadOnlyList<Referral> Referrals { get; private set; } = [];
    public IReadOnlyList<SafeguardingMeeting> Meetings { get; private set; } = [];
    public IReadOnlyList<ConcernAmendment> Amendments { get; private set; } = [];
    public bool MayMarkInError { get; private set; }
    public IReadOnlyList<BodyMark> BodyMarks { get; private set; } = [];
    public IReadOnlyList<ConcernAttachment> Attachments { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Concern = await db.Concerns.VisibleTo(staff, Operation.Read)
            .Include(c => c.Category).Include(c => c.School)
            .FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException();
        Pupils = await db.ConcernPupils.AsNoTracking().Where(p => p.ConcernId == id)
            .Select(p => new PupilLine(
                p.PupilId,
                (p.Pupil!.PreferredFirstName ?? p.Pupil.LegalFirstName) + " " + (p.Pupil.PreferredLastName ?? p.Pupil.LegalLastName),
                p.Pupil.YearGroup != null ? p.Pupil.YearGroup.Name : "",
                p.Pupil.Form != null ? p.Pupil.Form.Name : "",
                p.Pupil.DateOfBirth))
            .ToListAsync(ct);
        Pupils = [.. Pupils.OrderBy(p => p.Name, StringComparer.Ordinal)];

        var now = clock.GetUtcNow().UtcDateTime;
        if (Concern.Status == ConcernStatus.New && staff.GrantFor(RecordType.Concern, Operation.Amend) is { IsEmpty: false })
        {
            Concern.Status = ConcernStatus.Open;
            Concern.AcknowledgedUtc = now;
            Concern.AcknowledgedByUserId = staff.UserId;
        }

        if (!await db.ConcernReadings.AnyAsync(r => r.ConcernId == id && r.UserId == staff.UserId, ct))
        {
            db.ConcernReadings.Add(new ConcernReading { ConcernId = id, UserId = staff.UserId, ReadUtc = now });
        }

        audit.RecordConcernRead(id, Concern.SchoolId, Pupils.Select(p => p.Id));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException error) when (error is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(error))
        {
            // A colleague opened it at the same moment (or this page is open twice): theirs stands. Record the read alone.
            db.ChangeTracker.Clear();
            audit.TakePending();
            audit.RecordConcernRead(id, Concern.SchoolId, Pupils.Select(p => p.Id));

            await db.SaveChangesAsync(ct);
            Concern = await db.Concerns.AsNoTracking().Include(c => c.Category).Include(c => c.School).FirstAsync(c => c.Id == id, ct);
        }

        if (Concern.AcknowledgedByUserId is { } acknowledgedBy)
        {
            AcknowledgedBy = await db.Users.Where(u => u.Id == acknowledgedBy).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        }

        if (Concern.OwnerUserId is { } owner)
        {
            OwnerName = await db.Users.Where(u => u.Id == owner).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        }

        Decisions = await db.ConcernDecisions.AsNoTracking().Where(d => d.ConcernId == id).OrderBy(d => d.RecordedUtc).ToListAsync(ct);
        CanDecide = await db.Concerns.VisibleTo(staff, Operation.Amend).AnyAsync(c => c.Id == id, ct);
        Actions = await db.SafeguardingActions.AsNoTracking().Where(a => a.ConcernId == id).OrderBy(a => a.DoneUtc != null).ThenBy(a => a.DueOn).ToListAsync(ct);
        Today = DateOnly.FromDateTime(LocalTime.ToUk(now));
        Referrals = await db.Referrals.AsNoTracking().Include(r => r.Updates).Where(r => r.ConcernId == id).OrderBy(r => r.MadeOn).ThenBy(r => r.RecordedUtc).ToListAsync(ct);
        Meetings = await db.SafeguardingMeetings.AsNoTracking().Where(m => m.ConcernId == id).OrderBy(m => m.HeldOn).ThenBy(m => m.RecordedUtc).ToListAsync(ct);
        Amendments = await db.ConcernAmendments.AsNoTracking().Where(a => a.ConcernId == id).OrderBy(a => a.RecordedUtc).ToListAsync(ct);
        BodyMarks = await db.BodyMarks.AsNoTracking().Where(m => m.ConcernId == id).OrderBy(m => m.Number).ToListAsync(ct);
        Attachments = await db.ConcernAttachments.AsNoTracking().Where(a => a.ConcernId == id).OrderBy(a => a.UploadedUtc).ThenBy(a => a.FileName).ToListAsync(ct);
        MayMarkInError = CanDecide && Concern.EnteredInErrorUtc is null && await corrections.MayMarkInErrorAsync(Concern, ct);
    }

    /// <summary>Marks one of the concern's actions done; a stale or unknown action changes nothing and says so.</summary>
    [GuardedBy(RecordType.Concern, Operation.Amend)]
    public async Task<IActionResult> OnPostCompleteAsync(Guid id, Guid? actionId, int? version)
    {
        var concern = await casework.ForAmendAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        var done = actionId is { } action && version is { } seen
            ? await casework.CompleteActionAsync(concern, action, seen, HttpContext.RequestAborted)
            : null;
        Message = done switch
        {
            true => "Action marked done.",
            false => "Not saved: someone else changed that action first. It is shown as it is now.",
            _ => "That action is not on this concern.",
        };
        return Redirect($"/safeguarding/concerns/{id}#actions");
    }

    public sealed record PupilLine(Guid Id, string Name, string YearGroup, string Form, DateOnly DateOfBirth);
}
