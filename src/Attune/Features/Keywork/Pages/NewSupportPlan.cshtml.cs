using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Attune.Features.Keywork.Pages;

/// <summary>Starting a pastoral care and support plan.</summary>
[GuardedBy(RecordType.SupportPlan, Operation.Create, PerPupil = true)]
public sealed class NewSupportPlanModel(SupportPlans plans, StaffContext staff, TimeProvider clock) : SupportPlanForm(plans, staff, clock)
{
    protected override AccessRequirement Requirement => SupportPlans.Create;

    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id, null);
        Fill(null);
    }

    public Task OnPostAddAsync(Guid id, string? row) => AddRowAsync(id, null, row);

    public Task<IActionResult> OnPostAsync(Guid id) => SaveAsync(id, null);
}
