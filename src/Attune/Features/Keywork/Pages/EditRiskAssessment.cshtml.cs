using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;

namespace Attune.Features.Keywork.Pages;

/// <summary>Reviewing a risk assessment: every save is a new version that a pastoral lead signs off again.</summary>
[GuardedBy(RecordType.RiskAssessment, Operation.Amend, PerPupil = true)]
public sealed class EditRiskAssessmentModel(RiskAssessments assessments, AppDbContext db, StaffContext staff, Platform.Auditing.AuditTrail audit, TimeProvider clock)
    : RiskAssessmentForm(assessments, db, staff, clock)
{
    private readonly RiskAssessments _assessments = assessments;
    private readonly AppDbContext _db = db;

    protected override AccessRequirement Requirement => RiskAssessments.Amend;

    public async Task OnGetAsync(Guid id, Guid assessmentId)
    {
        var assessment = await _assessments.FindAsync(id, assessmentId, RiskAssessments.Amend, HttpContext.RequestAborted);
        if (assessment is null)
        {
            throw new NotFoundException();
        }

        Reopens = assessment.ClosedUtc is not null;

        await LoadAsync(id, assessmentId);
        Fill(assessment);
        audit.RecordRead(nameof(RecordType.RiskAssessment), assessmentId, id, Pupil.SchoolId);
        await _db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    public Task OnPostAddAsync(Guid id, Guid assessmentId) => AddRowAsync(id, assessmentId);

    public Task<IActionResult> OnPostAsync(Guid id, Guid assessmentId) => SaveAsync(id, assessmentId);
}
