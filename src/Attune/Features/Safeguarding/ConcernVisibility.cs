using Attune.Features.Pupils;
using Attune.Platform.Authorization;

namespace Attune.Features.Safeguarding;

/// <summary>
/// Layer three for concerns: a concern is visible to a member of the DSL team when any pupil it is about is
/// within their reach for the operation, under the row for its category (DSL-only categories have their own
/// row, which deputies do not hold). Every list and every single concern goes through this one query.
/// </summary>
public static class ConcernVisibility
{
    public static IQueryable<Concern> VisibleTo(this IQueryable<Concern> concerns, StaffContext staff, Operation operation)
    {
        var db = staff.Db;
        var ordinary = db.Pupils.Within(staff, staff.GrantFor(RecordType.Concern, operation)).Select(p => p.Id);
        var dslOnly = db.Pupils.Within(staff, staff.GrantFor(RecordType.DslOnlyConcern, operation)).Select(p => p.Id);
        return concerns.Where(c =>
            (!c.Category!.DslOnly && c.Pupils.Any(cp => ordinary.Contains(cp.PupilId)))
            || (c.Category!.DslOnly && c.Pupils.Any(cp => dslOnly.Contains(cp.PupilId))));
    }

    /// <summary>The concerns a member of staff reported, for the little they may see of them (received, open, closed).</summary>
    public static IQueryable<Concern> ReportedBy(this IQueryable<Concern> concerns, StaffContext staff) =>
        staff.GrantFor(RecordType.ConcernReceipt, Operation.Read).Own
            ? concerns.Where(c => c.ReportedByUserId == staff.UserId)
            : concerns.Where(c => false);
}
