namespace Attune.Platform.Web;

/// <summary>One series of a bar chart: its name and a count per label.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<int> Counts);

/// <summary>
/// A stacked bar chart for the shared <c>_BarChart</c> partial: an SVG image whose caption says what it shows, always
/// next to a table of the same figures (the page's own), so nothing is conveyed by the picture alone.
/// </summary>
public sealed record BarChart(string Id, string Caption, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>The chart shows at most this many series: the colours stay distinguishable.</summary>
    public const int MaxSeries = 6;

    /// <summary>The first series as given and the rest added together as "All others", so the chart has at most <see cref="MaxSeries"/>.</summary>
    public static IReadOnlyList<ChartSeries> Top(IReadOnlyList<ChartSeries> series, int labels)
    {
        if (series.Count <= MaxSeries)
        {
            return series;
        }

        var named = series.Take(MaxSeries - 1).ToList();
        var rest = series.Skip(MaxSeries - 1).ToList();
        named.Add(new ChartSeries("All others", [.. Enumerable.Range(0, labels).Select(i => rest.Sum(s => s.Counts[i]))]));
        return named;
    }
}
