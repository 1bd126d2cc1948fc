using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Incidents.Pages;

/// <summary>
/// What staff need to know about the pupils the member of staff teaches or supports: the updates sent to them in
/// the last few weeks, newest first, unread ones marked. Opening the page reads them (audited per pupil).
/// </summary>
[GuardedBy(RecordType.StaffBriefing, Operation.Read, NoRecord = true)]
public sealed class BriefingsModel(StaffBriefings briefings, StaffContext staff) : PageModel
{
    public const int Days = 28;

    public IReadOnlyList<BriefingView> Briefings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (staff.GrantFor(RecordType.StaffBriefing, Operation.Read).IsEmpty)
        {
            return Forbid();
        }

        Briefings = await briefings.MineAsync(Days, HttpContext.RequestAborted);
        return Page();
    }
}
