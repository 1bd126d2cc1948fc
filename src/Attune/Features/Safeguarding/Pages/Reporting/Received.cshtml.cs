using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding.Pages.Reporting;

/// <summary>The reporter's confirmation that a concern reached the safeguarding team, with what to do next if it is urgent.</summary>
[GuardedBy(RecordType.ConcernReceipt, Operation.Read)]
public sealed class ReceivedModel(AppDbContext db, StaffContext staff) : PageModel
{
    public ConcernReceipt Receipt { get; private set; } = null!;

    public async Task OnGetAsync(Guid id) =>
        Receipt = await db.Concerns.AsNoTracking().ReportedBy(staff).Where(c => c.Id == id)
            .Select(ConcernReceipt.Projection)
            .FirstOrDefaultAsync(HttpContext.RequestAborted) ?? throw new NotFoundException();
}
