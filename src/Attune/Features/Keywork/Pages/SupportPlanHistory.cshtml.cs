using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Keywork.Pages;

/// <summary>Every version of one support plan, newest first: the targets and how each review judged them. Audited.</summary>
[GuardedBy(RecordType.SupportPlan, Operation.Read, PerPupil = true)]
public sealed class SupportPlanHistoryModel(SupportPlans plans, AppDbContext db, StaffContext staff, AuditTrail audit) : PageModel
{
    public PupilChoice Pupil { get; private set; } = null!;
    public SupportPlan Plan { get; private set; } = null!;
    public IReadOnlyList<(DocumentVersion Version, SupportPlanContent Content)> Versions { get; private set; } = [];

    public async Task OnGetAsync(Guid id, Guid planId)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, SupportPlans.Read, id, ct) ?? throw new NotFoundException();
        Plan = await plans.FindAsync(id, planId, ct) ?? throw new NotFoundException();
        Versions = await plans.HistoryAsync(planId, ct);
        audit.RecordRead(nameof(RecordType.SupportPlan), planId, id, Pupil.SchoolId);
        await db.SaveChangesAsync(ct);
    }
}
