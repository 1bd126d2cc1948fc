using System.Linq.Expressions;
using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;

namespace Attune.Features.Safeguarding;

/// <summary>
/// Layer three for concerns: a concern is visible to a member of the DSL team when any pupil it is about is
/// within their reach for the operation, under the row for its category (DSL-only categories have their own
/// row, which deputies do not hold). Every list and every single concern goes through this one query.
/// A concern belongs to the school it was reported in, where all its pupils are: a school-wide grant is
/// checked against the concern's school alone, and only narrower grants (key stages, year groups) look at its
/// pupils, row by row. At trust scale this is the difference between milliseconds and seconds.
/// </summary>
public static class ConcernVisibility
{
    public static IQueryable<Concern> VisibleTo(this IQueryable<Concern> concerns, StaffContext staff, Operation operation)
    {
        var branches = new List<Expression<Func<Concern, bool>>>();
        AddBranches(branches, staff, staff.GrantFor(RecordType.Concern, operation), dslOnly: false);
        AddBranches(branches, staff, staff.GrantFor(RecordType.DslOnlyConcern, operation), dslOnly: true);
        if (branches.Count == 0)
        {
            return concerns.Where(c => false);
        }

        var schools = staff.Schools.Select(s => s.Id).ToList();
        return concerns.Where(c => schools.Contains(c.SchoolId)).Where(Predicates.AnyOf(branches));
    }

    private static void AddBranches(List<Expression<Func<Concern, bool>>> branches, StaffContext staff, AccessGrant grant, bool dslOnly)
    {
        if (grant.WholeSchools.Count > 0)
        {
            var whole = grant.WholeSchools.ToList();
            branches.Add(c => c.Category!.DslOnly == dslOnly && whole.Contains(c.SchoolId));
        }

        var narrower = grant with { WholeSchools = new HashSet<Guid>() };
        if (!narrower.IsEmpty)
        {
            var pupils = staff.Db.Pupils.Within(staff, narrower);
            branches.Add(c => c.Category!.DslOnly == dslOnly && c.Pupils.Any(cp => pupils.Any(p => p.Id == cp.PupilId)));
        }
    }

    /// <summary>The concerns a member of staff reported, for the little they may see of them (received, open, closed).</summary>
    public static IQueryable<Concern> ReportedBy(this IQueryable<Concern> concerns, StaffContext staff) =>
        staff.GrantFor(RecordType.ConcernReceipt, Operation.Read).Own
            ? concerns.Where(c => c.ReportedByUserId == staff.UserId)
            : concerns.Where(c => false);
}
