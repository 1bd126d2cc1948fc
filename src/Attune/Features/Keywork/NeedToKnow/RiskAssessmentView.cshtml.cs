using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.NeedToKnow;

/// <summary>One risk assessment: its hazards on the matrix, controls, owner, review, who it is shared with; sign-off and closing. Audited.</summary>
[GuardedBy(RecordType.RiskAssessment, Operation.Read, PerPupil = true)]
public sealed class RiskAssessmentViewModel(RiskAssessments assessments, AppDbContext db, AuditTrail audit, TimeProvider clock) : PageModel
{
    public PupilChoice Pupil { get; private set; } = null!;
    public RiskAssessment Assessment { get; private set; } = null!;
    public IReadOnlyList<string> SharedWith { get; private set; } = [];
    public bool MayAmend { get; private set; }
    public bool MaySignOff { get; private set; }
    public bool ReviewOverdue { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id, Guid assessmentId)
    {
        var ct = HttpContext.RequestAborted;
        Assessment = await assessments.FindAsync(id, assessmentId, RiskAssessments.Read, ct) ?? throw new NotFoundException();
        Pupil = await PupilChoice.From(db.Pupils.AsNoTracking().Where(p => p.Id == id)).FirstAsync(ct);
        var shared = Assessment.SharedWith.Select(s => s.StaffUserId).ToList();
        SharedWith = await db.Users.AsNoTracking().Where(u => shared.Contains(u.Id)).OrderBy(u => u.DisplayName).Select(u => u.DisplayName).ToListAsync(ct);
        MayAmend = await assessments.Visible(RiskAssessments.Amend).AnyAsync(r => r.Id == assessmentId, ct);
        MaySignOff = Assessment.ClosedUtc is null && Assessment.AwaitingSignOff && await assessments.Visible(RiskAssessments.SignOff).AnyAsync(r => r.Id == assessmentId, ct);
        ReviewOverdue = Assessment.ClosedUtc is null && Assessment.ReviewDueOn < DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        audit.RecordRead(nameof(RecordType.RiskAssessment), assessmentId, id, Pupil.SchoolId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Signs off the version the pastoral lead was shown (its number travels with the form).</summary>
    [GuardedBy(RecordType.RiskAssessmentSignOff, Operation.Amend, PerPupil = true)]
    public async Task<IActionResult> OnPostSignOffAsync(Guid id, Guid assessmentId, int? number)
    {
        _ = await assessments.FindAsync(id, assessmentId, RiskAssessments.SignOff, HttpContext.RequestAborted) ?? throw new NotFoundException();
        Message = await assessments.SignOffAsync(id, assessmentId, number, HttpContext.RequestAborted)
            ? $"Version {number} signed off."
            : "Nothing was signed off: the assessment has changed since you opened it, or is already signed off. Read the current version first.";
        return Redirect($"/pupils/{id}/risk-assessments/{assessmentId}");
    }

    [GuardedBy(RecordType.RiskAssessment, Operation.Amend, PerPupil = true)]
    public async Task<IActionResult> OnPostCloseAsync(Guid id, Guid assessmentId)
    {
        _ = await assessments.FindAsync(id, assessmentId, RiskAssessments.Amend, HttpContext.RequestAborted) ?? throw new NotFoundException();
        Message = await assessments.CloseAsync(id, assessmentId, HttpContext.RequestAborted)
            ? "Risk assessment closed. It stays on record with every version."
            : "That risk assessment is already closed; nothing was changed.";
        return Redirect($"/pupils/{id}/risk-assessments/{assessmentId}");
    }
}
