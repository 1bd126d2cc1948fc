using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding.Pages.Reporting;

/// <summary>The concerns a member of staff has reported, newest first, with only whether each is open or closed.</summary>
[GuardedBy(RecordType.ConcernReceipt, Operation.Read, List = true)]
public sealed class MineModel(AppDbContext db, StaffContext staff) : PageModel
{
    public const int PageSize = 100;

    public IReadOnlyList<ConcernReceipt> Receipts { get; private set; } = [];

    public async Task OnGetAsync() =>
        Receipts = await db.Concerns.AsNoTracking().ReportedBy(staff)
            .OrderByDescending(c => c.RecordedUtc)
            .Take(PageSize)
            .Select(ConcernReceipt.Projection)
            .ToListAsync(HttpContext.RequestAborted);
}
