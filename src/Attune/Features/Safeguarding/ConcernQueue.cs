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

    public static IQueryable<QueueItem> For(AppDbContext db, StaffContext staff, bool closed)
    {
        var userId = staff.UserId;
        return db.Concerns.AsNoTracking().VisibleTo(staff, Operation.Read)
            .Where(c => closed ? c.Status == ConcernStatus.Closed : c.Status != ConcernStatus.Closed)
            .OrderByDescending(c => c.Urgent && c.Status == ConcernStatus.New)
            .ThenByDescending(c => c.RecordedUtc)
            .Take(PageSize)
            .Select(c => new QueueItem(
                c.Id,
                c.RecordedUtc,
                c.OccurredOn,
                c.Pupils.Select(p => (p.Pupil!.PreferredFirstName ?? p.Pupil.LegalFirstName) + " " + (p.Pupil.PreferredLastName ?? p.Pupil.LegalLastName)).ToList(),
                c.Category!.Name,
                c.Category.DslOnly,
                c.ReporterName,
                c.Urgent,
                c.Status,
                !db.ConcernReadings.Any(r => r.ConcernId == c.Id && r.UserId == userId),
                c.School!.Name));
    }
}
