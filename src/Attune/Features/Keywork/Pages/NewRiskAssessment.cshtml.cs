using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.AspNetCore.Mvc;

namespace Attune.Features.Keywork.Pages;

/// <summary>Writing a new risk assessment for a pupil.</summary>
[GuardedBy(RecordType.RiskAssessment, Operation.Create, PerPupil = true)]
public sealed class NewRiskAssessmentModel(RiskAssessments assessments, AppDbContext db, StaffContext staff, TimeProvider clock)
    : RiskAssessmentForm(assessments, db, staff, clock)
{
    protected override AccessRequirement Requirement => RiskAssessments.Create;

    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id, null);
        Fill(null);
    }

    public Task OnPostAddAsync(Guid id) => AddRowAsync(id, null);

    public Task<IActionResult> OnPostAsync(Guid id) => SaveAsync(id, null);
}
