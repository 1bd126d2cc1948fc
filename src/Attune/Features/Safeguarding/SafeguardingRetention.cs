using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>A concern due for its retention review, with why it may not be destroyed when that applies.</summary>
public sealed record RetentionLine(
    Guid Id, DateOnly OccurredOn, IReadOnlyList<string> Pupils, DateOnly YoungestBorn, string Category, bool RetainIndefinitely, ConcernStatus Status, bool EnteredInError)
{
    public DateOnly ReviewOn => SafeguardingRetention.ReviewDate(YoungestBorn);
}

/// <summary>
/// Retention of child protection records (IRMS toolkit, RULES.md section 2): kept until the child's date of
/// birth plus 25 years, then reviewed by a person. For a concern about several children, the youngest child's
/// date counts. Attune never deletes on its own; records in categories relevant to the Independent Inquiry
/// into Child Sexual Abuse are marked to be kept for good.
/// </summary>
public sealed class SafeguardingRetention(AppDbContext db, StaffContext staff)
{
    public const int Years = 25;
    public const int ReportLimit = 500;

    public static DateOnly ReviewDate(DateOnly dateOfBirth) => dateOfBirth.AddYears(Years);

    /// <summary>The concerns the reader may read whose review date is on or before <paramref name="by"/>, earliest first.</summary>
    public async Task<List<RetentionLine>> DueByAsync(DateOnly by, CancellationToken cancellationToken)
    {
        // Review date = youngest pupil's birthday + 25 years, so it is on or before "by" exactly when every pupil
        // was born on or before "by" less 25 years: no date arithmetic in SQL.
        var bornBy = by.AddYears(-Years);
        var rows = await db.Concerns.AsNoTracking().VisibleTo(staff, Operation.Read)
            .Where(c => c.Pupils.All(p => p.Pupil!.DateOfBirth <= bornBy))
            .OrderBy(c => c.Pupils.Max(p => p.Pupil!.DateOfBirth)).ThenBy(c => c.OccurredOn)
            .Take(ReportLimit)
            .Select(c => new
            {
                c.Id,
                c.OccurredOn,
                YoungestBorn = c.Pupils.Max(p => p.Pupil!.DateOfBirth),
                Category = c.Category!.Name,
                c.Category.RetainIndefinitely,
                c.Status,
                EnteredInError = c.EnteredInErrorUtc != null,
            })
            .ToListAsync(cancellationToken);
        var names = await ConcernPupilNames.ForAsync(db, rows.Select(r => r.Id), cancellationToken);
        return [.. rows.Select(r => new RetentionLine(r.Id, r.OccurredOn, names.GetValueOrDefault(r.Id, []), r.YoungestBorn, r.Category, r.RetainIndefinitely, r.Status, r.EnteredInError))];
    }
}
