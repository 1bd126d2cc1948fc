using Attune.Features.Schools;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>
/// Who in the DSL team a concern reaches: everyone who could read it under the access model, so that an alert
/// goes to exactly the people who can act on it. Worked out from the same rows as <see cref="ConcernVisibility"/>.
/// </summary>
public sealed class DslTeam(AppDbContext db)
{
    /// <summary>The active members of staff who may read this concern: its school, its pupils' years, its category.</summary>
    public async Task<IReadOnlyList<Guid>> ForConcernAsync(Guid concernId, CancellationToken cancellationToken)
    {
        var concern = await db.Concerns.Where(c => c.Id == concernId).Select(c => new { c.SchoolId, c.Category!.DslOnly }).SingleAsync(cancellationToken);
        var years = await db.ConcernPupils.Where(p => p.ConcernId == concernId)
            .Select(p => p.Pupil!.YearGroup != null ? (int?)p.Pupil.YearGroup.NationalCurriculumYear : null)
            .ToListAsync(cancellationToken);
        return await ForAsync(concern.SchoolId, years, concern.DslOnly, cancellationToken);
    }

    /// <summary>The active members of staff who may read a concern in this category about pupils of these years in this school.</summary>
    public async Task<IReadOnlyList<Guid>> ForAsync(Guid schoolId, IReadOnlyCollection<int?> pupilYears, bool dslOnly, CancellationToken cancellationToken)
    {
        var record = dslOnly ? RecordType.DslOnlyConcern : RecordType.Concern;
        var roles = Enum.GetValues<Role>().Where(r => AccessModel.ReachOf(r, record, Operation.Read) != Reach.None).ToList();
        var trustId = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.TrustId).SingleAsync(cancellationToken);
        var assignments = await db.RoleAssignments.AsNoTracking()
            .Where(a => roles.Contains(a.Role) && a.TrustId == trustId && (a.SchoolId == schoolId || a.SchoolId == null))
            .Join(db.Users.Where(u => !u.Disabled), a => a.UserId, u => u.Id, (a, u) => a)
            .ToListAsync(cancellationToken);
        return assignments
            .Where(a => Reaches(a, AccessModel.ReachOf(a.Role, record, Operation.Read), pupilYears))
            .Select(a => a.UserId)
            .Distinct()
            .ToList();
    }

    private static bool Reaches(RoleAssignment assignment, Reach reach, IReadOnlyCollection<int?> pupilYears) =>
        reach.HasFlag(Reach.School)
        || (reach.HasFlag(Reach.Scope) && (!assignment.IsScoped || pupilYears.Any(y => y is { } year && assignment.CoversYear(year))));
}
