using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Incidents.Pages;

/// <summary>
/// Incident trends for a cohort (every school, a school, a key stage or a year group) over the chosen weeks: the
/// same figures as a pupil's, where and when incidents cluster, and the pupils with the most incidents or a rising
/// trend, so pastoral leads can act before a pattern sets in. Only pupils in the reader's reach are counted.
/// </summary>
[GuardedBy(RecordType.IncidentTrends, Operation.Read, List = true)]
public sealed class TrendsModel(IncidentTrends trends, TimeProvider clock) : PageModel
{
    private const int MaxPupils = 15;

    public IReadOnlyList<Cohort> Cohorts { get; private set; } = [];
    public Cohort Chosen { get; private set; } = null!;
    public int Weeks { get; private set; }
    public TrendFigures Figures { get; private set; } = null!;

    /// <summary>Pupils with the most incidents in the weeks shown, and any others whose trend is rising.</summary>
    public IReadOnlyList<CohortPupil> Pupils { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? cohort, int? weeks)
    {
        var ct = HttpContext.RequestAborted;
        Cohorts = await trends.CohortsAsync(ct);
        if (Cohorts.Count == 0)
        {
            return Forbid();
        }

        Chosen = Cohorts.FirstOrDefault(c => c.Value == cohort) ?? Cohorts[0];
        Weeks = PupilIncidentsModel.Spans.Contains(weeks ?? 0) ? weeks!.Value : 12;
        var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        var found = await trends.CohortTrendsAsync(Chosen, Weeks, today, MaxPupils, ct);
        (Figures, Pupils) = (found.Figures, found.Pupils);
        return Page();
    }
}
