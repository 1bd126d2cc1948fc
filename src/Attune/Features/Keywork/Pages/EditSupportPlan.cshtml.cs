using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;

namespace Attune.Features.Keywork.Pages;

/// <summary>Reviewing a support plan: evaluate each target, adjust the plan; saved as a new version.</summary>
[GuardedBy(RecordType.SupportPlan, Operation.Amend, PerPupil = true)]
public sealed class EditSupportPlanModel(SupportPlans plans, StaffContext staff, Platform.Data.AppDbContext db, Platform.Auditing.AuditTrail audit, TimeProvider clock)
    : SupportPlanForm(plans, staff, clock)
{
    private readonly SupportPlans _plans = plans;

    protected override AccessRequirement Requirement => SupportPlans.Amend;

    public async Task OnGetAsync(Guid id, Guid planId)
    {
        await LoadAsync(id, planId);
        Fill(await _plans.FindAsync(id, planId, HttpContext.RequestAborted) ?? throw new NotFoundException());
        audit.RecordRead(nameof(RecordType.SupportPlan), planId, id, Pupil.SchoolId);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    public Task OnPostAddAsync(Guid id, Guid planId, string? row) => AddRowAsync(id, planId, row);

    public Task<IActionResult> OnPostAsync(Guid id, Guid planId) => SaveAsync(id, planId);
}
