using Attune.Features.Incidents;
using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork;

/// <summary>A pupil on a keyworker's caseload with what needs attention now.</summary>
public sealed record CaseloadPupil(
    PupilChoice Pupil, Guid KeyworkerId, KeyworkerRole Role, DateOnly Since, DateOnly? PassportReviewDue, DateOnly? PlanReviewDue, DateOnly? RiskReviewDue, DateOnly? SupportPlanReviewDue, DateOnly? LastContact,
    int OpenNextSteps, DateOnly? NextStepsDue, int? LatestCheckIn, IReadOnlyList<string> Attention)
{
    /// <summary>Incidents the pupil was involved in over the last four weeks; null when the reader may not read the pupil's incidents.</summary>
    public int? IncidentsFourWeeks { get; init; }

    /// <summary>Up by the school's rising rule on the four weeks before.</summary>
    public bool IncidentsRising { get; init; }
}

/// <summary>Something due for a keyworker: a passport review or a session's next steps.</summary>
public sealed record DueItem(DateOnly DueOn, Guid PupilId, string PupilName, string What, string Link, bool Overdue);

/// <summary>A keyworker and their caseload, for the pastoral lead's view of every caseload in reach.</summary>
public sealed record KeyworkerCaseload(Guid KeyworkerId, string Name, IReadOnlyList<CaseloadPupil> Pupils)
{
    public int Primary => Pupils.Count(p => p.Role == KeyworkerRole.Primary);
    public int NeedingAttention => Pupils.Count(p => p.Attention.Count > 0);
}

/// <summary>
/// Caseloads: "my caseload" with what needs attention for each pupil, "my week" with everything due in the
/// next seven days, and every keyworker's caseload for pastoral leads to see and rebalance.
/// </summary>
public sealed class Caseloads(AppDbContext db, StaffContext staff, TimeProvider clock)
{
    /// <summary>Days without a session or check-in after which a pupil on a caseload is flagged.</summary>
    public const int ContactGapDays = 14;
    public const int WeekDays = 7;

    private DateOnly Today => DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));

    /// <summary>The member of staff's own caseload: pupils they keywork now, those needing attention first.</summary>
    public async Task<IReadOnlyList<CaseloadPupil>> MineAsync(CancellationToken cancellationToken)
    {
        var userId = staff.UserId;
        var pupils = await CaseloadsAsync(db.Pupils.VisibleTo(staff, KeyworkerAllocations.Read), k => k.StaffUserId == userId, cancellationToken);
        return [.. pupils.OrderByDescending(p => p.Attention.Count > 0).ThenBy(p => p.Role).ThenBy(p => p.Pupil.Name, StringComparer.Ordinal)];
    }

    /// <summary>Every keyworker's caseload among the pupils the member of staff may reach, by keyworker name.</summary>
    public async Task<IReadOnlyList<KeyworkerCaseload>> AllAsync(CancellationToken cancellationToken)
    {
        var pupils = await CaseloadsAsync(db.Pupils.VisibleTo(staff, KeyworkerAllocations.Read), _ => true, cancellationToken);
        var ids = pupils.Select(p => p.KeyworkerId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return [.. pupils.GroupBy(p => p.KeyworkerId)
            .Select(g => new KeyworkerCaseload(g.Key, names.GetValueOrDefault(g.Key, "Unknown"),
                [.. g.OrderByDescending(p => p.Attention.Count > 0).ThenBy(p => p.Pupil.Name, StringComparer.Ordinal)]))
            .OrderBy(k => k.Name, StringComparer.Ordinal)];
    }

    /// <summary>What is due for the member of staff's caseload in the next seven days, and anything already overdue, soonest first.</summary>
    public async Task<IReadOnlyList<DueItem>> WeekAsync(IReadOnlyList<CaseloadPupil> caseload, CancellationToken cancellationToken)
    {
        var today = Today;
        var until = today.AddDays(WeekDays);
        var items = caseload
            .Where(p => p.PassportReviewDue is { } due && due <= until)
            .Select(p => new DueItem(p.PassportReviewDue!.Value, p.Pupil.Id, p.Pupil.Name, "Passport review", $"/pupils/{p.Pupil.Id}/passport", p.PassportReviewDue < today))
            .ToList();
        items.AddRange(caseload
            .Where(p => p.PlanReviewDue is { } due && due <= until)
            .Select(p => new DueItem(p.PlanReviewDue!.Value, p.Pupil.Id, p.Pupil.Name, "Regulation plan review", $"/pupils/{p.Pupil.Id}/regulation-plan", p.PlanReviewDue < today)));
        items.AddRange(caseload
            .Where(p => p.RiskReviewDue is { } due && due <= until)
            .Select(p => new DueItem(p.RiskReviewDue!.Value, p.Pupil.Id, p.Pupil.Name, "Risk assessment review", $"/pupils/{p.Pupil.Id}/risk-assessments", p.RiskReviewDue < today)));
        items.AddRange(caseload
            .Where(p => p.SupportPlanReviewDue is { } due && due <= until)
            .Select(p => new DueItem(p.SupportPlanReviewDue!.Value, p.Pupil.Id, p.Pupil.Name, "Support plan review", $"/pupils/{p.Pupil.Id}/support-plans", p.SupportPlanReviewDue < today)));
        var ids = caseload.Select(p => p.Pupil.Id).ToList();
        var steps = await db.KeyworkSessions.AsNoTracking()
            .Where(s => ids.Contains(s.PupilId) && s.NextSteps != null && s.NextStepsDoneUtc == null && s.NextStepsDueOn != null && s.NextStepsDueOn <= until)
            .Select(s => new { s.PupilId, s.NextStepsDueOn, s.NextSteps })
            .ToListAsync(cancellationToken);
        items.AddRange(steps.Select(s => new DueItem(s.NextStepsDueOn!.Value, s.PupilId, caseload.First(p => p.Pupil.Id == s.PupilId).Pupil.Name,
            "Next steps: " + (s.NextSteps!.Length > 80 ? s.NextSteps[..80] + "…" : s.NextSteps), $"/pupils/{s.PupilId}/keywork", s.NextStepsDueOn < today)));
        return [.. items.OrderBy(i => i.DueOn).ThenBy(i => i.PupilName, StringComparer.Ordinal)];
    }

    private async Task<List<CaseloadPupil>> CaseloadsAsync(
        IQueryable<Pupil> reachable, System.Linq.Expressions.Expression<Func<KeyworkerAllocation, bool>> whose, CancellationToken cancellationToken)
    {
        var today = staff.Today;
        var allocations = await db.KeyworkerAllocations.AsNoTracking()
            .Where(k => k.StartsOn <= today && (k.EndsOn == null || k.EndsOn >= today))
            .Where(whose)
            .Join(reachable.Where(p => p.LeftOn == null), k => k.PupilId, p => p.Id, (k, p) => new { k.PupilId, k.StaffUserId, k.Role, k.StartsOn })
            .ToListAsync(cancellationToken);
        var ids = allocations.Select(a => a.PupilId).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var pupils = await PupilChoice.From(db.Pupils.AsNoTracking().Where(p => ids.Contains(p.Id))).ToDictionaryAsync(p => p.Id, cancellationToken);

        // Everything the caseload shows of each pupil, in one round trip: every subquery is one index seek per pupil.
        var until = Today;
        var lastFrom = until.AddDays(-27);
        var previousFrom = until.AddDays(-55);
        var facts = await db.Pupils.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new
        {
            p.Id,
            Passport = db.PupilPassports.Where(x => x.PupilId == p.Id).Select(x => (DateOnly?)x.ReviewDueOn).FirstOrDefault(),
            Plan = db.RegulationPlans.Where(x => x.PupilId == p.Id).Select(x => (DateOnly?)x.ReviewDueOn).FirstOrDefault(),
            Risk = db.RiskAssessments.Where(x => x.PupilId == p.Id && x.ClosedUtc == null).Min(x => (DateOnly?)x.ReviewDueOn),
            Support = db.SupportPlans.Where(x => x.PupilId == p.Id && x.ClosedUtc == null).Min(x => (DateOnly?)x.ReviewDueOn),
            LastSession = db.KeyworkSessions.Where(x => x.PupilId == p.Id).Max(x => (DateOnly?)x.HeldOn),
            OpenSteps = db.KeyworkSessions.Count(x => x.PupilId == p.Id && x.NextSteps != null && x.NextStepsDoneUtc == null),
            StepsDue = db.KeyworkSessions.Where(x => x.PupilId == p.Id && x.NextSteps != null && x.NextStepsDoneUtc == null).Min(x => x.NextStepsDueOn),
            CheckInUtc = db.WellbeingCheckIns.Where(x => x.PupilId == p.Id).Max(x => (DateTime?)x.CheckedInUtc),
            PlanUpdatedUtc = db.RegulationPlans.Where(x => x.PupilId == p.Id).Select(x => (DateTime?)x.UpdatedUtc).FirstOrDefault(),
            RiskUpdatedUtc = db.RiskAssessments.Where(x => x.PupilId == p.Id && x.ClosedUtc == null).Max(x => (DateTime?)x.UpdatedUtc),
        }).ToDictionaryAsync(f => f.Id, cancellationToken);

        // Incidents are shown only for the pupils whose incidents the member of staff may read.
        var incidentReach = (await db.Pupils.VisibleTo(staff, Features.Incidents.Incidents.Read).Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.SchoolId })
            .ToListAsync(cancellationToken)).ToDictionary(p => p.Id, p => p.SchoolId);
        // Each pupil's incident rows (the PupilId index) and their incidents by key, kept to the last eight weeks. Found
        // from the school's incidents by date instead, SQLite probes every incident of those weeks once per pupil: ten
        // times slower for a caseload of 40.
        var reachedIds = incidentReach.Keys.ToList();
        var recent = (await (
                from ip in db.IncidentPupils
                where reachedIds.Contains(ip.PupilId) && ip.Role == IncidentRole.Involved
                join i in db.Incidents on ip.IncidentId equals i.Id
                where i.OccurredOn >= previousFrom && i.OccurredOn <= until && i.EnteredInErrorUtc == null
                select new { ip.PupilId, i.OccurredOn, i.Positive, i.RecordedUtc, Significant = i.Intervention != null || i.Injuries != null })
            .ToListAsync(cancellationToken)).ToLookup(r => r.PupilId);
        var ruleSchools = incidentReach.Where(r => recent[r.Key].Any(i => !i.Positive)).Select(r => r.Value).Distinct().ToList();
        var rules = ruleSchools.Count == 0 ? [] : await db.IncidentAlertRules.AsNoTracking().Where(r => ruleSchools.Contains(r.SchoolId)).ToDictionaryAsync(r => r.SchoolId, cancellationToken);
        var checkInTimes = facts.Values.Where(f => f.CheckInUtc != null).Select(f => f.CheckInUtc!.Value).ToList();
        var scores = await db.WellbeingCheckIns.AsNoTracking().Where(c => ids.Contains(c.PupilId) && checkInTimes.Contains(c.CheckedInUtc))
            .Select(c => new { c.PupilId, c.CheckedInUtc, c.Score }).ToListAsync(cancellationToken);

        var localToday = Today;
        return [.. allocations.Select(a =>
        {
            var f = facts[a.PupilId];
            var review = f.Passport;
            var score = scores.Where(c => c.PupilId == a.PupilId && c.CheckedInUtc == f.CheckInUtc).Select(c => (int?)c.Score).FirstOrDefault();
            var checkInDay = f.CheckInUtc is { } checkedIn ? DateOnly.FromDateTime(LocalTime.ToUk(checkedIn)) : (DateOnly?)null;
            var lastContact = new[] { f.LastSession, checkInDay }.Max();
            var attention = new List<string>();
            if (review is null)
            {
                attention.Add("No passport yet");
            }
            else if (review < localToday)
            {
                attention.Add("Passport review overdue");
            }

            var planReview = f.Plan;
            if (planReview < localToday)
            {
                attention.Add("Regulation plan review overdue");
            }

            var supportReview = f.Support;
            if (supportReview < localToday)
            {
                attention.Add("Support plan review overdue");
            }

            var riskReview = f.Risk;
            if (riskReview < localToday)
            {
                attention.Add("Risk assessment review overdue");
            }

            if (f.StepsDue is { } stepsDue && stepsDue < localToday)
            {
                attention.Add("Next steps overdue");
            }

            if (lastContact is null || lastContact < localToday.AddDays(-ContactGapDays))
            {
                attention.Add(lastContact is null ? "No sessions recorded" : $"No contact for over {ContactGapDays} days");
            }

            if (score is <= 2)
            {
                attention.Add($"Last check-in {WellbeingCheckIn.Describe(score.Value)}");
            }

            var reached = incidentReach.TryGetValue(a.PupilId, out var school);
            var theirs = recent[a.PupilId].ToList();
            var incidentsLast = theirs.Count(i => !i.Positive && i.OccurredOn >= lastFrom);
            var incidentsPrevious = theirs.Count(i => !i.Positive && i.OccurredOn < lastFrom);
            var rising = reached && RisingTrend.Rising(incidentsLast, incidentsPrevious, rules.GetValueOrDefault(school) ?? new IncidentAlertRules());
            if (rising)
            {
                attention.Add($"Incidents rising: {incidentsLast} in four weeks, from {incidentsPrevious}");
            }

            // After a physical intervention or an injury, the plans written before it should be looked at again.
            var latest = theirs.Where(i => i.Significant && i.OccurredOn >= lastFrom).MaxBy(i => i.RecordedUtc);
            if (reached && latest is not null)
            {
                var todo = new[]
                {
                    f.PlanUpdatedUtc is null ? "write a regulation plan" : f.PlanUpdatedUtc < latest.RecordedUtc ? "review the regulation plan" : null,
                    f.RiskUpdatedUtc < latest.RecordedUtc ? "review the risk assessment" : null,
                }.OfType<string>().ToList();
                if (todo.Count > 0)
                {
                    attention.Add($"Physical intervention or injury {latest.OccurredOn:d MMM}: {string.Join(" and ", todo)}");
                }
            }

            return new CaseloadPupil(pupils[a.PupilId], a.StaffUserId, a.Role, a.StartsOn, review, planReview, riskReview, supportReview, lastContact,
                f.OpenSteps, f.StepsDue, score, attention)
            {
                IncidentsFourWeeks = reached ? incidentsLast : null,
                IncidentsRising = rising,
            };
        })];
    }
}
