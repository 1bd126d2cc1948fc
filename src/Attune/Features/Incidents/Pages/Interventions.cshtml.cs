using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Incidents.Pages;

/// <summary>
/// Physical interventions: those awaiting a pastoral lead's review, oldest first, and the last twelve months by
/// pupil, by member of staff and by technique, as governors and the local authority ask for them.
/// </summary>
[GuardedBy(RecordType.PhysicalInterventionReview, Operation.Read, List = true)]
public sealed class InterventionsModel(Incidents incidents, StaffContext staff) : PageModel
{
    public IReadOnlyList<Incident> Awaiting { get; private set; } = [];
    public IReadOnlyList<InterventionLine> ByPupil { get; private set; } = [];
    public IReadOnlyList<InterventionLine> ByStaff { get; private set; } = [];
    public IReadOnlyList<InterventionLine> ByTechnique { get; private set; } = [];
    public int Total { get; private set; }
    public DateOnly Since { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (staff.GrantFor(RecordType.PhysicalInterventionReview, Operation.Read).IsEmpty)
        {
            return Forbid();
        }

        var ct = HttpContext.RequestAborted;
        Awaiting = await incidents.AwaitingReviewAsync(ct);
        var report = await incidents.InterventionReportAsync(ct);
        (Since, Total, ByPupil, ByStaff, ByTechnique) = (report.Since, report.Total, report.ByPupil, report.ByStaff, report.ByTechnique);
        return Page();
    }
}
