using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.NeedToKnow;

/// <summary>Every version of one risk assessment, newest first, with its hazards as they were rated. Audited.</summary>
[GuardedBy(RecordType.RiskAssessment, Operation.Read, PerPupil = true)]
public sealed class RiskAssessmentHistoryModel(RiskAssessments assessments, AppDbContext db, AuditTrail audit) : PageModel
{
    public PupilChoice Pupil { get; private set; } = null!;
    public RiskAssessment Assessment { get; private set; } = null!;
    public IReadOnlyList<(DocumentVersion Version, RiskAssessmentContent Content)> Versions { get; private set; } = [];

    public async Task OnGetAsync(Guid id, Guid assessmentId)
    {
        var ct = HttpContext.RequestAborted;
        Assessment = await assessments.FindAsync(id, assessmentId, RiskAssessments.Read, ct) ?? throw new NotFoundException();
        Pupil = await PupilChoice.From(db.Pupils.AsNoTracking().Where(p => p.Id == id)).FirstAsync(ct);
        Versions = await assessments.HistoryAsync(assessmentId, ct);
        audit.RecordRead(nameof(RecordType.RiskAssessment), assessmentId, id, Pupil.SchoolId);
        await db.SaveChangesAsync(ct);
    }
}
