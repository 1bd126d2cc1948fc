using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Incidents.Pages;

/// <summary>
/// Incident trends for a cohort (every school, a school, a key stage or a year group) over the chosen weeks: the
/// same figures as a pupil's, where and when incidents cluster, and the pupils with the most incidents or a rising
/// trend, so pastoral leads can act before a pattern sets in. Only pupils in the reader's reach are counted.
/// </summary>
[GuardedBy(RecordType.IncidentTrends, Operation.Read, List = true)]
public sealed class TrendsModel(IncidentTrends trends, IncidentSettings settings, TimeProvider clock) : PageModel
{
    private const int MaxPupils = 15;

    public IReadOnlyList<Cohort> Cohorts { get; private set; } = [];
    public Cohort Chosen { get; private set; } = null!;
    public int Weeks { get; private set; }
    public TrendFigures Figures { get; private set; } = null!;

    /// <summary>Pupils with the most incidents in the weeks shown, and any others whose trend is rising.</summary>
    public IReadOnlyList<(PupilChoice Pupil, PupilIncidentCounts Counts, bool Rising)> Pupils { get; private set; } = [];

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
        var from = TrendFigures.WeekOf(today).AddDays(-7 * (Weeks - 1));
        var (facts, counts) = await trends.ForCohortAsync(Chosen, from, today, ct);
        Figures = TrendFigures.Of(facts, from, today);
        var pupils = trends.CohortPupils(Chosen);
        var rules = new Dictionary<Guid, IncidentAlertRules>();
        foreach (var schoolId in counts.Select(c => c.SchoolId).Distinct())
        {
            rules[schoolId] = await settings.RulesAsync(schoolId, ct);
        }

        var listed = counts.Select(c => (Counts: c, Rising: RisingTrend.Rising(c.LastFourWeeks, c.PreviousFourWeeks, rules[c.SchoolId])))
            .OrderByDescending(c => c.Counts.InSpan).ThenByDescending(c => c.Counts.LastFourWeeks)
            .Select((c, rank) => (c.Counts, c.Rising, rank))
            .Where(c => c.Counts.InSpan > 0 && (c.rank < MaxPupils || c.Rising))
            .ToList();
        var ids = listed.Select(c => c.Counts.PupilId).ToList();
        var names = await PupilChoice.From(pupils.Where(p => ids.Contains(p.Id))).ToDictionaryAsync(p => p.Id, ct);
        Pupils = [.. listed.Where(c => names.ContainsKey(c.Counts.PupilId)).Select(c => (names[c.Counts.PupilId], c.Counts, c.Rising))];
        return Page();
    }
}
