using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Incidents;

/// <summary>The little of an incident the trends count by.</summary>
public sealed record IncidentFact(DateOnly On, TimeOnly At, string Type, bool Positive, bool Dysregulation, string Location, string? Period, bool Unstructured);

/// <summary>A count with its name, and whether the option is flagged (off-site location, unstructured period).</summary>
public sealed record NamedCount(string Name, int Count, bool Flagged);

/// <summary>
/// Incident trends over a span of weeks: counts by type each week, a day of week by time of day grid, counts by
/// location and by period with unstructured times picked out, and where and when they cluster (the commonest place and
/// period, or time of day when no period was given, together). Positive recognition is counted apart: the charts
/// are of incidents, and a week of praise should not look like a week of trouble.
/// </summary>
public sealed record TrendFigures(
    int Total, int Positive, int Unstructured,
    IReadOnlyList<DateOnly> Weeks, IReadOnlyList<ChartSeries> ByTypeWeekly,
    IReadOnlyList<string> Days, IReadOnlyList<string> Bands, IReadOnlyList<IReadOnlyList<int>> Grid,
    IReadOnlyList<NamedCount> ByLocation, IReadOnlyList<NamedCount> ByPeriod, IReadOnlyList<NamedCount> Clusters)
{
    /// <summary>How many of the commonest places and times together the trends list.</summary>
    public const int MaxClusters = 8;

    public static readonly IReadOnlyList<string> BandNames =
        ["Before 9:00", "9:00 to 10:00", "10:00 to 11:00", "11:00 to 12:00", "12:00 to 13:00", "13:00 to 14:00", "14:00 to 15:00", "15:00 to 16:00", "16:00 and later"];

    public int GridMax => Grid.Count == 0 ? 0 : Grid.Max(row => row.Count == 0 ? 0 : row.Max());

    public static int BandOf(TimeOnly at) => Math.Clamp(at.Hour - 8, 0, BandNames.Count - 1);

    /// <summary>Monday of the week a date falls in.</summary>
    public static DateOnly WeekOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    public static TrendFigures Of(IReadOnlyList<IncidentFact> facts, DateOnly from, DateOnly to)
    {
        var incidents = facts.Where(f => !f.Positive && f.On >= from && f.On <= to).ToList();
        var weeks = new List<DateOnly>();
        for (var week = WeekOf(from); week <= to; week = week.AddDays(7))
        {
            weeks.Add(week);
        }

        // Each fact is put in its week once: a year of a trust's incidents is tens of thousands of facts.
        var byTypeCounts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var first = WeekOf(from);
        foreach (var fact in incidents)
        {
            var week = (WeekOf(fact.On).DayNumber - first.DayNumber) / 7;
            if (!byTypeCounts.TryGetValue(fact.Type, out var counts))
            {
                byTypeCounts[fact.Type] = counts = new int[weeks.Count];
            }

            counts[week]++;
        }

        var byType = byTypeCounts.Select(t => new ChartSeries(t.Key, t.Value))
            .OrderByDescending(s => s.Counts.Sum()).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();

        var weekend = incidents.Any(f => f.On.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        List<string> days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
        if (weekend)
        {
            days.Add("Weekend");
        }

        int DayIndex(DateOnly on) => on.DayOfWeek switch { DayOfWeek.Saturday or DayOfWeek.Sunday => 5, var d => (int)d - 1 };
        var grid = days.Select(_ => new int[BandNames.Count]).ToList();
        foreach (var fact in incidents)
        {
            grid[DayIndex(fact.On)][BandOf(fact.At)]++;
        }

        static IReadOnlyList<NamedCount> Count(IEnumerable<(string? Name, bool Flag)> values) =>
            [.. values.Where(v => v.Name is not null).GroupBy(v => v.Name!, StringComparer.Ordinal)
                .Select(g => new NamedCount(g.Key, g.Count(), g.Any(v => v.Flag)))
                .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal)];

        return new TrendFigures(
            incidents.Count,
            facts.Count(f => f.Positive && f.On >= from && f.On <= to),
            incidents.Count(f => f.Unstructured),
            weeks, byType, days, BandNames, [.. grid.Select(row => (IReadOnlyList<int>)row)],
            Count(incidents.Select(f => ((string?)f.Location, false))),
            Count(incidents.Select(f => (f.Period, f.Unstructured))),
            [.. Count(incidents.Select(f => ((string?)$"{f.Location}, {f.Period ?? BandNames[BandOf(f.At)]}", f.Unstructured))).Where(c => c.Count > 1).Take(MaxClusters)]);
    }
}

/// <summary>Incidents in equal spans of weeks before and after a date: did the plan or intervention started then help?</summary>
public sealed record BeforeAfter(string Label, DateOnly Start, int Weeks, int Before, int After)
{
    public double BeforePerWeek => Weeks == 0 ? 0 : Math.Round(Before / (double)Weeks, 1);
    public double AfterPerWeek => Weeks == 0 ? 0 : Math.Round(After / (double)Weeks, 1);

    /// <summary>The change as a whole percentage of the count before; null when there were none before.</summary>
    public int? ChangePercent => Before == 0 ? null : (int)Math.Round((After - Before) * 100.0 / Before, MidpointRounding.AwayFromZero);

    public const int MaxWeeks = 6;

    /// <summary>
    /// Compares the weeks after <paramref name="start"/> (up to six, and no more than have passed) with as many weeks
    /// before it; positive recognition is not counted.
    /// </summary>
    public static BeforeAfter Of(IReadOnlyList<IncidentFact> facts, string label, DateOnly start, DateOnly today)
    {
        var weeks = Math.Clamp((today.DayNumber - start.DayNumber + 1) / 7, 0, MaxWeeks);
        var before = facts.Count(f => !f.Positive && f.On < start && f.On >= start.AddDays(-7 * weeks));
        var after = facts.Count(f => !f.Positive && f.On >= start && f.On < start.AddDays(7 * weeks));
        return new BeforeAfter(label, start, weeks, before, after);
    }
}

/// <summary>
/// A rising trend: the last four weeks hold at least <see cref="IncidentAlertRules.RisingMinimum"/> incidents and at
/// least <see cref="IncidentAlertRules.RisingPercent"/> percent more than the four weeks before.
/// </summary>
public static class RisingTrend
{
    public static (int Last, int Previous) Counts(IEnumerable<IncidentFact> facts, DateOnly today)
    {
        var recent = facts.Where(f => !f.Positive).ToList();
        return (recent.Count(f => f.On > today.AddDays(-28) && f.On <= today), recent.Count(f => f.On > today.AddDays(-56) && f.On <= today.AddDays(-28)));
    }

    public static bool Rising(int last, int previous, IncidentAlertRules rules) =>
        last >= rules.RisingMinimum && last > previous && last * 100 >= previous * (100 + rules.RisingPercent);
}

/// <summary>
/// A group of pupils whose incidents are counted together: one or more schools, narrowed to a year group or to the
/// national curriculum years of a key stage.
/// </summary>
public sealed record Cohort(string Value, string Name, IReadOnlyList<Guid> SchoolIds, Guid? YearGroupId = null, int? FromYear = null, int? ToYear = null);

/// <summary>One pupil's incident counts: over the span shown, and the two four-week spans the rising rule compares.</summary>
public sealed record PupilIncidentCounts(Guid PupilId, Guid SchoolId, int InSpan, int LastFourWeeks, int PreviousFourWeeks);

/// <summary>A pupil in a cohort's trends: their counts and whether, by their school's rule, they are rising.</summary>
public sealed record CohortPupil(PupilChoice Pupil, PupilIncidentCounts Counts, bool Rising);

/// <summary>A cohort's trends over a span of weeks, with the pupils to look at.</summary>
public sealed record CohortTrends(Cohort Cohort, DateOnly From, DateOnly To, TrendFigures Figures, IReadOnlyList<CohortPupil> Pupils);

/// <summary>Reading the facts trends are drawn from: for one pupil (incidents they were involved in), or a cohort.</summary>
public sealed class IncidentTrends(AppDbContext db, StaffContext staff)
{
    public static readonly AccessRequirement CohortRead = new(RecordType.IncidentTrends, Operation.Read);

    /// <summary>The incidents the pupil was involved in, among those the member of staff may read, since <paramref name="from"/>.</summary>
    public Task<List<IncidentFact>> ForPupilAsync(Guid pupilId, DateOnly from, CancellationToken cancellationToken) =>
        Facts(Incidents.VisibleTo(db, staff, Incidents.Read)
                .Where(i => db.IncidentPupils.Where(p => p.PupilId == pupilId && p.Role == IncidentRole.Involved).Select(p => p.IncidentId).Contains(i.Id)), from)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// A cohort's incidents since <paramref name="from"/>, counting each incident once (a conflict between two pupils
    /// is one incident) and only incidents with a pupil involved who is in the cohort and within the member of staff's
    /// reach for trends; and each such pupil's counts (over the span, and the eight weeks the rising rule compares).
    /// One pass over the cohort's incidents gives both.
    /// </summary>
    public async Task<(List<IncidentFact> Facts, List<PupilIncidentCounts> Counts)> ForCohortAsync(Cohort cohort, DateOnly from, DateOnly today,
        CancellationToken cancellationToken)
    {
        var pupils = CohortPupils(cohort);
        var schools = cohort.SchoolIds.ToList();
        var since = from < today.AddDays(-55) ? from : today.AddDays(-55);
        var rows = await (
                from ip in db.IncidentPupils
                join i in db.Incidents on ip.IncidentId equals i.Id
                where schools.Contains(i.SchoolId) && i.OccurredOn >= since && i.OccurredOn <= today && i.EnteredInErrorUtc == null
                    && ip.Role == IncidentRole.Involved && pupils.Any(p => p.Id == ip.PupilId)
                select new { i.Id, ip.PupilId, i.SchoolId, Fact = new IncidentFact(i.OccurredOn, i.OccurredAt, i.TypeName, i.Positive, i.Dysregulation, i.LocationName, i.PeriodName, i.Unstructured) })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var facts = rows.DistinctBy(r => r.Id).Where(r => r.Fact.On >= from).Select(r => r.Fact).ToList();
        var lastFrom = today.AddDays(-27);
        var previousFrom = today.AddDays(-55);
        var counts = rows.Where(r => !r.Fact.Positive).GroupBy(r => (r.PupilId, r.SchoolId))
            .Select(g => new PupilIncidentCounts(g.Key.PupilId, g.Key.SchoolId, g.Count(r => r.Fact.On >= from), g.Count(r => r.Fact.On >= lastFrom),
                g.Count(r => r.Fact.On >= previousFrom && r.Fact.On < lastFrom)))
            .ToList();
        return (facts, counts);
    }

    /// <summary>
    /// A cohort's trends over the last <paramref name="weeks"/> weeks to <paramref name="today"/>, and its pupils with
    /// incidents in them: the <paramref name="most"/> with the most, and any other whose trend is rising.
    /// </summary>
    public async Task<CohortTrends> CohortTrendsAsync(Cohort cohort, int weeks, DateOnly today, int most, CancellationToken cancellationToken)
    {
        var from = TrendFigures.WeekOf(today).AddDays(-7 * (weeks - 1));
        var (facts, counts) = await ForCohortAsync(cohort, from, today, cancellationToken);
        var schools = counts.Select(c => c.SchoolId).Distinct().ToList();
        var rules = await db.IncidentAlertRules.AsNoTracking().Where(r => schools.Contains(r.SchoolId)).ToDictionaryAsync(r => r.SchoolId, cancellationToken);
        var listed = counts.Select(c => (Counts: c, Rising: RisingTrend.Rising(c.LastFourWeeks, c.PreviousFourWeeks, rules.GetValueOrDefault(c.SchoolId) ?? new IncidentAlertRules())))
            .OrderByDescending(c => c.Counts.InSpan).ThenByDescending(c => c.Counts.LastFourWeeks)
            .Select((c, rank) => (c.Counts, c.Rising, rank))
            .Where(c => c.Counts.InSpan > 0 && (c.rank < most || c.Rising))
            .ToList();
        var ids = listed.Select(c => c.Counts.PupilId).ToList();
        var names = await PupilChoice.From(CohortPupils(cohort).Where(p => ids.Contains(p.Id))).ToDictionaryAsync(p => p.Id, cancellationToken);
        return new CohortTrends(cohort, from, today, TrendFigures.Of(facts, from, today),
            [.. listed.Where(c => names.ContainsKey(c.Counts.PupilId)).Select(c => new CohortPupil(names[c.Counts.PupilId], c.Counts, c.Rising))]);
    }

    /// <summary>
    /// The cohorts the member of staff may look at: every school they reach for trends together (when more than one),
    /// then each school, its key stages and its year groups. Pupils outside their reach are never counted, so a
    /// head of year choosing the whole school sees their own year groups' incidents.
    /// </summary>
    public async Task<IReadOnlyList<Cohort>> CohortsAsync(CancellationToken cancellationToken)
    {
        var grant = staff.GrantFor(RecordType.IncidentTrends, Operation.Read);
        if (grant.IsEmpty)
        {
            return [];
        }

        var yearGroups = grant.YearGroups.ToList();
        var reached = grant.WholeSchools.Concat(grant.CaseloadSchools).Concat(grant.TaughtSchools).Concat(grant.NamedSchools)
            .Concat(await db.YearGroups.Where(y => yearGroups.Contains(y.Id)).Select(y => y.SchoolId).ToListAsync(cancellationToken))
            .ToHashSet();
        var schools = staff.Schools.Where(s => reached.Contains(s.Id)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var ids = schools.Select(s => s.Id).ToList();
        var groups = (await db.YearGroups.AsNoTracking().Where(y => ids.Contains(y.SchoolId)).OrderBy(y => y.NationalCurriculumYear).ToListAsync(cancellationToken))
            .ToLookup(y => y.SchoolId);
        var cohorts = new List<Cohort>();
        if (schools.Count > 1)
        {
            cohorts.Add(new Cohort("all", "All schools", ids));
        }

        foreach (var school in schools)
        {
            cohorts.Add(new Cohort($"school:{school.Id}", school.Name, [school.Id]));
            foreach (var stage in groups[school.Id].GroupBy(y => y.KeyStage).Where(g => g.Count() > 1))
            {
                cohorts.Add(new Cohort($"stage:{school.Id}:{stage.Key}", $"{school.Name}: {KeyStageName(stage.Key)}", [school.Id],
                    FromYear: stage.Min(y => y.NationalCurriculumYear), ToYear: stage.Max(y => y.NationalCurriculumYear)));
            }

            cohorts.AddRange(groups[school.Id].Select(y => new Cohort($"year:{y.Id}", $"{school.Name}: {y.Name}", [school.Id], YearGroupId: y.Id)));
        }

        return cohorts;
    }

    private static string KeyStageName(Schools.KeyStages stage) => stage switch
    {
        Schools.KeyStages.EarlyYears => "Early years",
        Schools.KeyStages.KS1 => "Key stage 1",
        Schools.KeyStages.KS2 => "Key stage 2",
        Schools.KeyStages.KS3 => "Key stage 3",
        Schools.KeyStages.KS4 => "Key stage 4",
        _ => "Sixth form",
    };

    /// <summary>The cohort's pupils within the member of staff's reach for trends.</summary>
    public IQueryable<Pupil> CohortPupils(Cohort cohort)
    {
        var schools = cohort.SchoolIds.ToList();
        var pupils = db.Pupils.VisibleTo(staff, CohortRead).Where(p => schools.Contains(p.SchoolId));
        if (cohort.YearGroupId is { } yearGroupId)
        {
            pupils = pupils.Where(p => p.YearGroupId == yearGroupId);
        }

        if (cohort is { FromYear: { } fromYear, ToYear: { } toYear })
        {
            pupils = pupils.Where(p => p.YearGroup != null && p.YearGroup.NationalCurriculumYear >= fromYear && p.YearGroup.NationalCurriculumYear <= toYear);
        }

        return pupils;
    }

    private static IQueryable<IncidentFact> Facts(IQueryable<Incident> incidents, DateOnly from) =>
        incidents.AsNoTracking().Where(i => i.OccurredOn >= from && i.EnteredInErrorUtc == null)
            .Select(i => new IncidentFact(i.OccurredOn, i.OccurredAt, i.TypeName, i.Positive, i.Dysregulation, i.LocationName, i.PeriodName, i.Unstructured));
}
