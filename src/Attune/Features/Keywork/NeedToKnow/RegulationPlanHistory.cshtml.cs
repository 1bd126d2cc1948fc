using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Keywork.NeedToKnow;

/// <summary>Every version of a pupil's regulation plan, newest first. Audited.</summary>
[GuardedBy(RecordType.RegulationPlan, Operation.Read, PerPupil = true)]
public sealed class RegulationPlanHistoryModel(RegulationPlans plans, AppDbContext db, StaffContext staff, AuditTrail audit) : PageModel
{
    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<(DocumentVersion Version, RegulationPlanContent Content)> Versions { get; private set; } = [];

    public async Task OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, RegulationPlans.Read, id, ct) ?? throw new NotFoundException();
        Versions = await plans.HistoryAsync(id, ct);
        audit.RecordRead(nameof(RecordType.RegulationPlan), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(ct);
    }
}
