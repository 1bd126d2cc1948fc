using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.Pages;

/// <summary>One support plan: needs, targets with their evaluation, interventions, strategies and views. Audited.</summary>
[GuardedBy(RecordType.SupportPlan, Operation.Read, PerPupil = true)]
public sealed class SupportPlanViewModel(SupportPlans plans, AppDbContext db, StaffContext staff, AuditTrail audit, TimeProvider clock) : PageModel
{
    public PupilChoice Pupil { get; private set; } = null!;
    public SupportPlan Plan { get; private set; } = null!;
    public bool MayAmend { get; private set; }
    public bool ReviewOverdue { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id, Guid planId)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, SupportPlans.Read, id, ct) ?? throw new NotFoundException();
        Plan = await plans.FindAsync(id, planId, ct) ?? throw new NotFoundException();
        MayAmend = Plan.ClosedUtc is null && await db.Pupils.VisibleTo(staff, SupportPlans.Amend).AnyAsync(p => p.Id == id, ct);
        ReviewOverdue = Plan.ClosedUtc is null && Plan.ReviewDueOn < DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        audit.RecordRead(nameof(RecordType.SupportPlan), planId, id, Pupil.SchoolId);
        await db.SaveChangesAsync(ct);
    }

    [GuardedBy(RecordType.SupportPlan, Operation.Amend, PerPupil = true)]
    public async Task<IActionResult> OnPostCloseAsync(Guid id, Guid planId)
    {
        _ = await PupilChoice.FindAsync(staff, SupportPlans.Amend, id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        Message = await plans.CloseAsync(id, planId, HttpContext.RequestAborted)
            ? "Plan closed. It stays in the pupil’s history with every version."
            : "That plan is already closed; nothing was changed.";
        return Redirect($"/pupils/{id}/support-plans/{planId}");
    }
}
