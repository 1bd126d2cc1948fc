using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.NeedToKnow;

/// <summary>A pupil's risk assessments that the member of staff may read: all of them for pastoral staff, those shared by name for others. Audited.</summary>
[GuardedBy(RecordType.RiskAssessment, Operation.Read, PerPupil = true)]
public sealed class RiskAssessmentsModel(RiskAssessments assessments, AppDbContext db, StaffContext staff, AuditTrail audit, TimeProvider clock) : PageModel
{
    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<RiskAssessment> Assessments { get; private set; } = [];
    public bool MayCreate { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Assessments = await assessments.ForPupilAsync(id, ct);
        var reachesPupil = await db.Pupils.VisibleTo(staff, RiskAssessments.Read).AnyAsync(p => p.Id == id, ct);
        if (!reachesPupil && Assessments.Count == 0)
        {
            throw new NotFoundException();
        }

        // Reached through the pupil, or through an assessment shared by name: either way the pupil's name is needed.
        Pupil = await PupilChoice.From(db.Pupils.AsNoTracking().Where(p => p.Id == id)).FirstAsync(ct);
        MayCreate = await db.Pupils.VisibleTo(staff, RiskAssessments.Create).AnyAsync(p => p.Id == id, ct);
        Today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        audit.RecordRead(nameof(RecordType.RiskAssessment), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(ct);
    }
}
