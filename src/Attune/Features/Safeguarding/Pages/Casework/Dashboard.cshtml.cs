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
    /// <summary>How many categories the chart names; the rest are drawn together as "All others" (the table names every one).</summary>
    public const int ChartCategories = 5;

    public DashboardFigures Figures { get; private set; } = null!;

    public IReadOnlyList<Transfer.ProtectionFileTransfer> AwaitingReceipt { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Figures = await dashboard.FiguresAsync(HttpContext.RequestAborted);
        AwaitingReceipt = await transfers.AwaitingReceiptAsync(HttpContext.RequestAborted);
    }

    /// <summary>The chart's series: the commonest categories, then everything else together.</summary>
    public IReadOnlyList<CategoryTrend> ChartSeries()
    {
        var named = Figures.ByCategory.Take(ChartCategories).ToList();
        var rest = Figures.ByCategory.Skip(ChartCategories).ToList();
        if (rest.Count > 0)
        {
            named.Add(new CategoryTrend("All others", [.. Enumerable.Range(0, Figures.Months.Count).Select(i => rest.Sum(t => t.PerMonth[i]))]));
        }

        return named;
    }
}
