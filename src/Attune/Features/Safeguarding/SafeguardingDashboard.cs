using System.Globalization;
using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>What needs the DSL team's attention now, and how concerns have run over the last year, for the concerns the reader may read.</summary>
public sealed record DashboardFigures(
    DateOnly Today,
    IReadOnlyList<string> Levels,
    IReadOnlyList<OwnerLoad> OpenByOwner,
    IReadOnlyList<ConcernLine> UrgentUnopened,
    IReadOnlyList<OverdueAction> OverdueActions,
    int OverdueActionCount,
    IReadOnlyList<AwaitedReferral> AwaitingResponse,
    IReadOnlyList<(SafeguardingStatusKind Kind, int Pupils)> PupilsByStatus,
    IReadOnlyList<string> Months,
    IReadOnlyList<CategoryTrend> ByCategory);

/// <summary>Open concerns owned by one member of the DSL team (or nobody yet), by level of need; "" is not yet triaged.</summary>
public sealed record OwnerLoad(string Owner, IReadOnlyDictionary<string, int> ByLevel)
{
    public int Total => ByLevel.Values.Sum();
}

public sealed record ConcernLine(Guid Id, DateTime RecordedUtc, IReadOnlyList<string> Pupils, string Category);

public sealed record OverdueAction(Guid ConcernId, string Description, string OwnerName, DateOnly DueOn, IReadOnlyList<string> Pupils);

public sealed record AwaitedReferral(Guid ConcernId, ReferralAgency Agency, string AgencyName, DateOnly MadeOn, DateOnly? ResponseDueOn, IReadOnlyList<string> Pupils)
{
    public bool Overdue(DateOnly today) => ResponseDueOn is { } due && due < today;
}

/// <summary>Concerns of one category recorded in each of the last twelve months (oldest first).</summary>
public sealed record CategoryTrend(string Category, IReadOnlyList<int> PerMonth)
{
    public int Total => PerMonth.Sum();
}

/// <summary>
/// The DSL dashboard's figures, each from the same need-to-know query as the queue: a deputy sees their key
/// stages' concerns, a DSL their school's, a trust DSL every school's. Concerns entered in error are left out.
/// </summary>
public sealed class SafeguardingDashboard(AppDbContext db, StaffContext staff, TimeProvider clock)
{
    private const int ListLimit = 50;
    public const string NotTriaged = "";

    public async Task<DashboardFigures> FiguresAsync(CancellationToken cancellationToken)
    {
        var nowUk = LocalTime.ToUk(clock.GetUtcNow().UtcDateTime);
        var today = DateOnly.FromDateTime(nowUk);
        var visible = db.Concerns.AsNoTracking().VisibleTo(staff, Operation.Read).Where(c => c.EnteredInErrorUtc == null);

        var open = await visible.Where(c => c.Status != ConcernStatus.Closed)
            .GroupBy(c => new { c.LevelOfNeed, c.OwnerUserId })
            .Select(g => new { g.Key.LevelOfNeed, g.Key.OwnerUserId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var ownerIds = open.Where(o => o.OwnerUserId != null).Select(o => o.OwnerUserId!.Value).Distinct().ToList();
        var ownerNames = await db.Users.Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var levels = LevelsOfNeed.Defaults.Prepend(NotTriaged)
            .Concat(open.Select(o => o.LevelOfNeed ?? NotTriaged).Where(l => l != NotTriaged && !LevelsOfNeed.Defaults.Contains(l)).Distinct().Order(StringComparer.Ordinal))
            .ToList();
        var byOwner = open
            .GroupBy(o => o.OwnerUserId is { } id ? ownerNames.GetValueOrDefault(id, "Former member of staff") : "No owner yet")
            .Select(g => new OwnerLoad(g.Key, g.GroupBy(o => o.LevelOfNeed ?? NotTriaged).ToDictionary(l => l.Key, l => l.Sum(o => o.Count))))
            .OrderBy(o => o.Owner == "No owner yet" ? 0 : 1).ThenBy(o => o.Owner, StringComparer.Ordinal)
            .ToList();

        var urgentRows = await visible.Where(c => c.Urgent && c.Status == ConcernStatus.New)
            .OrderBy(c => c.RecordedUtc).Take(ListLimit)
            .Select(c => new { c.Id, c.RecordedUtc, Category = c.Category!.Name })
            .ToListAsync(cancellationToken);

        // Actions and referrals received in another school's file were that school's to chase.
        // Joined rather than "in (subquery)": SQLite then looks each concern up by key instead of scanning.
        var own = visible.Where(c => c.ReceivedUtc == null);
        var overdue = from a in db.SafeguardingActions.AsNoTracking()
                      where a.DoneUtc == null && a.DueOn < today
                      join c in own on a.ConcernId equals c.Id
                      select a;
        var overdueCount = await overdue.CountAsync(cancellationToken);
        var overdueRows = await overdue.OrderBy(a => a.DueOn).Take(ListLimit)
            .Select(a => new { a.ConcernId, a.Description, a.OwnerName, a.DueOn })
            .ToListAsync(cancellationToken);

        var awaitingRows = await (from r in db.Referrals.AsNoTracking()
                                  where r.ResponseOn == null
                                  join c in own on r.ConcernId equals c.Id
                                  select r)
            .OrderBy(r => r.ResponseDueOn == null).ThenBy(r => r.ResponseDueOn).ThenBy(r => r.MadeOn).Take(ListLimit)
            .Select(r => new { r.ConcernId, r.Agency, r.AgencyName, r.MadeOn, r.ResponseDueOn })
            .ToListAsync(cancellationToken);
        var names = await ConcernPupilNames.ForAsync(db,
            urgentRows.Select(c => c.Id).Concat(overdueRows.Select(a => a.ConcernId)).Concat(awaitingRows.Select(r => r.ConcernId)), cancellationToken);
        IReadOnlyList<string> Names(Guid concernId) => names.GetValueOrDefault(concernId, []);
        var urgent = urgentRows.Select(c => new ConcernLine(c.Id, c.RecordedUtc, Names(c.Id), c.Category)).ToList();
        var overdueActions = overdueRows.Select(a => new OverdueAction(a.ConcernId, a.Description, a.OwnerName, a.DueOn, Names(a.ConcernId))).ToList();
        var awaiting = awaitingRows.Select(r => new AwaitedReferral(r.ConcernId, r.Agency, r.AgencyName, r.MadeOn, r.ResponseDueOn, Names(r.ConcernId))).ToList();

        var statusPupils = db.Pupils.Within(staff, staff.GrantFor(RecordType.SafeguardingStatus, Operation.Read));
        var statuses = await (from s in db.SafeguardingStatuses.AsNoTracking()
                              where s.StartedOn <= today && (s.EndedOn == null || s.EndedOn >= today)
                              join p in statusPupils on s.PupilId equals p.Id
                              select s)
            .GroupBy(s => s.Kind).Select(g => new { Kind = g.Key, Pupils = g.Select(s => s.PupilId).Distinct().Count() })
            .ToListAsync(cancellationToken);

        // Concerns by category, month by month for the last twelve months including this one (UK months).
        var firstMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        var fromUtc = LocalTime.FromUk(firstMonth.ToDateTime(TimeOnly.MinValue));
        var recorded = await visible.Where(c => c.RecordedUtc >= fromUtc)
            .Select(c => new { c.RecordedUtc, Category = c.Category!.Name })
            .ToListAsync(cancellationToken);
        var months = Enumerable.Range(0, 12).Select(firstMonth.AddMonths).ToList();
        var perCategory = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var row in recorded)
        {
            // Each instant is converted to UK time once: at trust scale that is thousands of rows.
            var uk = LocalTime.ToUk(row.RecordedUtc);
            var index = ((uk.Year - firstMonth.Year) * 12) + uk.Month - firstMonth.Month;
            if (index is >= 0 and < 12)
            {
                (perCategory.TryGetValue(row.Category, out var counts) ? counts : perCategory[row.Category] = new int[12])[index]++;
            }
        }

        var trends = perCategory
            .Select(pair => new CategoryTrend(pair.Key, pair.Value))
            .OrderByDescending(t => t.Total).ThenBy(t => t.Category, StringComparer.Ordinal)
            .ToList();

        return new DashboardFigures(
            today, levels, byOwner, urgent, overdueActions, overdueCount, awaiting,
            [.. Enum.GetValues<SafeguardingStatusKind>().Select(k => (k, statuses.FirstOrDefault(s => s.Kind == k)?.Pupils ?? 0))],
            [.. months.Select(m => m.ToString("MMM yy", CultureInfo.InvariantCulture))],
            trends);
    }
}
