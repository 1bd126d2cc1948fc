using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>One line of the DSL team's triage queue, with the reader's own read/unread marker.</summary>
public sealed record QueueItem(
    Guid Id, DateTime RecordedUtc, DateOnly OccurredOn, IReadOnlyList<string> Pupils, string Category, bool DslOnly, string ReporterName,
    bool Urgent, ConcernStatus Status, bool Unread, string School);

/// <summary>The triage queue: concerns the member of staff may read, urgent ones not yet opened first, then newest first.</summary>
public static class ConcernQueue
{
    public const int PageSize = 200;

    public static async Task<List<QueueItem>> ListAsync(AppDbContext db, StaffContext staff, bool closed, CancellationToken cancellationToken)
    {
        var userId = staff.UserId;
        var rows = await db.Concerns.AsNoTracking().VisibleTo(staff, Operation.Read)
            .Where(c => closed ? c.Status == ConcernStatus.Closed : c.Status != ConcernStatus.Closed)
            .OrderByDescending(c => c.Urgent && c.Status == ConcernStatus.New)
            .ThenByDescending(c => c.RecordedUtc)
            .Take(PageSize)
            .Select(c => new
            {
                c.Id,
                c.RecordedUtc,
                c.OccurredOn,
                Category = c.Category!.Name,
                c.Category.DslOnly,
                c.ReporterName,
                c.Urgent,
                c.Status,
                Unread = !db.ConcernReadings.Any(r => r.ConcernId == c.Id && r.UserId == userId),
                School = c.School!.Name,
            })
            .ToListAsync(cancellationToken);
        var names = await ConcernPupilNames.ForAsync(db, rows.Select(r => r.Id), cancellationToken);
        return [.. rows.Select(r => new QueueItem(r.Id, r.RecordedUtc, r.OccurredOn, names.GetValueOrDefault(r.Id, []), r.Category, r.DslOnly, r.ReporterName,
            r.Urgent, r.Status, r.Unread, r.School))];
    }
}

/// <summary>
/// The names of the pupils of a page of concerns, fetched in one query by concern id. Projecting them as a
/// collection inside a list query makes SQLite join every concern's pupils in the database before limiting.
/// </summary>
public static class ConcernPupilNames
{
    public static async Task<Dictionary<Guid, IReadOnlyList<string>>> ForAsync(AppDbContext db, IEnumerable<Guid> concernIds, CancellationToken cancellationToken)
    {
        var ids = concernIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.ConcernPupils.AsNoTracking().Where(cp => ids.Contains(cp.ConcernId))
            .Select(cp => new
            {
                cp.ConcernId,
                Name = (cp.Pupil!.PreferredFirstName ?? cp.Pupil.LegalFirstName) + " " + (cp.Pupil.PreferredLastName ?? cp.Pupil.LegalLastName),
            })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ConcernId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(r => r.Name).Order(StringComparer.Ordinal)]);
    }
}
