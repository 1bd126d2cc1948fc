using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.NeedToKnow;

/// <summary>A pupil's regulation plan, for everyone who works with them: stage by stage, what to look for and what to do. Every view is audited.</summary>
[GuardedBy(RecordType.RegulationPlan, Operation.Read, PerPupil = true)]
public sealed class RegulationPlanModel(RegulationPlans plans, AppDbContext db, StaffContext staff, AuditTrail audit, TimeProvider clock) : PageModel
{
    public PupilChoice Pupil { get; private set; } = null!;
    public RegulationPlan? Plan { get; private set; }
    public bool MayAmend { get; private set; }
    public bool ReviewOverdue { get; private set; }

    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, RegulationPlans.Read, id, ct) ?? throw new NotFoundException();
        Plan = await plans.ForPupilAsync(id, ct);
        MayAmend = await db.Pupils.VisibleTo(staff, RegulationPlans.Amend).AnyAsync(p => p.Id == id, ct);
        ReviewOverdue = Plan is not null && Plan.ReviewDueOn < DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        audit.RecordRead(nameof(RecordType.RegulationPlan), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(ct);
    }
}
