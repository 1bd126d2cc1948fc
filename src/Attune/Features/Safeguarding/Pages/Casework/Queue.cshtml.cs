using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>The DSL team's triage queue of new and open concerns (or, on request, closed ones).</summary>
[GuardedBy(RecordType.Concern, Operation.Read, List = true)]
public sealed class QueueModel(AppDbContext db, StaffContext staff) : PageModel
{
    public IReadOnlyList<QueueItem> Items { get; private set; } = [];
    public bool Closed { get; private set; }
    public bool ShowSchool => staff.Schools.Count > 1;

    public async Task OnGetAsync(string? show)
    {
        Closed = show == "closed";
        Items = await ConcernQueue.ListAsync(db, staff, Closed, HttpContext.RequestAborted);
    }
}
