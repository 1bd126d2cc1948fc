using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>
/// The DSL dashboard: open concerns by level and owner, urgent concerns nobody has opened, overdue actions,
/// referrals awaiting a response, pupils by safeguarding status, and concerns by category over the last year
/// (a chart, and the same figures as a table). Everything is within the reader's need to know.
/// </summary>
[GuardedBy(RecordType.Concern, Operation.Read, List = true)]
public sealed class DashboardModel(SafeguardingDashboard dashboard, Transfer.ProtectionFileTransfers transfers) : PageModel
{
    public DashboardFigures Figures { get; private set; } = null!;

    public IReadOnlyList<Transfer.ProtectionFileTransfer> AwaitingReceipt { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Figures = await dashboard.FiguresAsync(HttpContext.RequestAborted);
        AwaitingReceipt = await transfers.AwaitingReceiptAsync(HttpContext.RequestAborted);
    }
}
