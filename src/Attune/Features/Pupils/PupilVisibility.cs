using System.Linq.Expressions;
using Attune.Platform.Authorization;
using Attune.Platform.Data;

namespace Attune.Features.Pupils;

/// <summary>
/// Layer three of the access model: every list, search and fetch of pupils goes through
/// <see cref="VisibleTo"/>, which keeps only the pupils the member of staff may reach for the operation.
/// </summary>
public static class PupilVisibility
{
    public static IQueryable<Pupil> VisibleTo(this IQueryable<Pupil> pupils, StaffContext staff, AccessRequirement requirement) =>
        pupils.Within(staff, staff.GrantFor(requirement.Record, requirement.Operation));

    /// <summary>The pupils one grant reaches: for records about pupils (concerns, incidents) whose access follows their pupils.</summary>
    public static IQueryable<Pupil> Within(this IQueryable<Pupil> pupils, StaffContext staff, AccessGrant grant)
    {
        if (grant.IsEmpty)
        {
            return pupils.Where(p => false);
        }

        var db = staff.Db;
        var userId = grant.UserId;
        var today = staff.Today;
        var branches = new List<Expression<Func<Pupil, bool>>>();

        if (grant.WholeSchools.Count > 0)
        {
            var schools = grant.WholeSchools.ToList();
            branches.Add(p => schools.Contains(p.SchoolId));
        }

        if (grant.YearGroups.Count > 0)
        {
            var yearGroups = grant.YearGroups.ToList();
            branches.Add(p => p.YearGroupId != null && yearGroups.Contains(p.YearGroupId.Value));
        }

        if (grant.CaseloadSchools.Count > 0)
        {
            var schools = grant.CaseloadSchools.ToList();
            branches.Add(p => schools.Contains(p.SchoolId)
                && db.KeyworkerAllocations.Any(k => k.PupilId == p.Id && k.StaffUserId == userId && k.StartsOn <= today && (k.EndsOn == null || k.EndsOn >= today)));
        }

        if (grant.TaughtSchools.Count > 0)
        {
            var schools = grant.TaughtSchools.ToList();
            branches.Add(p => schools.Contains(p.SchoolId)
                && (db.Forms.Any(f => f.Id == p.FormId && f.TutorUserId == userId)
                    || db.TeachingGroupPupils.Any(tp => tp.PupilId == p.Id
                        && db.TeachingGroupStaff.Any(ts => ts.TeachingGroupId == tp.TeachingGroupId && ts.StaffUserId == userId))));
        }

        if (grant.Pupils.Count > 0)
        {
            var single = grant.Pupils.ToList();
            branches.Add(p => single.Contains(p.Id));
        }

        return branches.Count == 0 ? pupils.Where(p => false) : pupils.Where(Predicates.AnyOf(branches));
    }
}
