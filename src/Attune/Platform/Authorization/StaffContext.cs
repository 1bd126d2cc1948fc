using Attune.Features.Schools;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Attune.Platform.Authorization;

/// <summary>
/// The signed-in member of staff for this request: their account, session and role assignments, loaded
/// from the database on every request so that a change of roles or a disabled account takes effect at once.
/// </summary>
public sealed class StaffContext(AppDbContext db, TimeProvider clock)
{
    private IReadOnlyList<RoleAssignment> _assignments = [];
    private IReadOnlyDictionary<Guid, List<(Guid Id, int Year)>> _yearGroupsBySchool = new Dictionary<Guid, List<(Guid, int)>>();
    private IReadOnlyList<School> _trustSchools = [];
    private readonly Dictionary<(RecordType, Operation), AccessGrant> _grants = [];
    private IReadOnlySet<Guid> _emergencyPupils = new HashSet<Guid>();

    public bool IsSignedIn => User is not null;
    public StaffUser? User { get; private set; }
    public Guid UserId => User?.Id ?? Guid.Empty;
    public UserSession? Session { get; private set; }
    public IReadOnlyList<RoleAssignment> Assignments => _assignments;

    /// <summary>Schools where the member of staff holds any role (every trust school for a trust-wide role).</summary>
    public IReadOnlyList<School> Schools { get; private set; } = [];

    internal AppDbContext Db => db;

    /// <summary>Today's date by the injected clock, for date-bounded grants such as keyworker allocations.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>True when the request came with a personal access token, which only a fully signed-in member of staff can create.</summary>
    public bool ViaToken { get; private set; }

    public async Task LoadAsync(StaffUser user, UserSession? session, CancellationToken cancellationToken, bool viaToken = false)
    {
        User = user;
        Session = session;
        ViaToken = viaToken;
        _assignments = await db.RoleAssignments.AsNoTracking()
            .Where(a => a.UserId == user.Id && a.TrustId == user.TrustId)
            .ToListAsync(cancellationToken);
        _trustSchools = _assignments.Count == 0
            ? []
            : await db.Schools.AsNoTracking().Where(s => s.TrustId == user.TrustId).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var mine = _assignments.Any(a => a.SchoolId is null)
            ? _trustSchools.Select(s => s.Id).ToHashSet()
            : _assignments.Select(a => a.SchoolId!.Value).ToHashSet();
        Schools = _trustSchools.Where(s => mine.Contains(s.Id)).ToList();

        if (_assignments.Any(a => a.IsScoped))
        {
            var schoolIds = Schools.Select(s => s.Id).ToList();
            var yearGroups = await db.YearGroups.AsNoTracking()
                .Where(y => schoolIds.Contains(y.SchoolId))
                .Select(y => new { y.Id, y.SchoolId, y.NationalCurriculumYear })
                .ToListAsync(cancellationToken);
            _yearGroupsBySchool = yearGroups.GroupBy(y => y.SchoolId)
                .ToDictionary(g => g.Key, g => g.Select(y => (y.Id, y.NationalCurriculumYear)).ToList());
        }

        // Emergency access the member of staff holds now: it adds single pupils to their concern reading.
        var now = clock.GetUtcNow().UtcDateTime;
        // Only roles that may ask for it can hold it: everyone else is spared the query on every request.
        _emergencyPupils = !_assignments.Any(a => AccessModel.ReachOf(a.Role, RecordType.EmergencyAccess, Operation.Create) != Reach.None)
            ? new HashSet<Guid>()
            : (await db.EmergencyAccessGrants.AsNoTracking()
                .Where(g => g.UserId == user.Id && g.EndedUtc == null && g.ExpiresUtc > now)
                .Select(g => g.PupilId)
                .ToListAsync(cancellationToken)).ToHashSet();
        _grants.Clear();
    }

    /// <summary>Pupils whose safeguarding records this member of staff may read now under emergency access.</summary>
    public IReadOnlySet<Guid> EmergencyPupils => _emergencyPupils;

    /// <summary>Signed in and through the second factor, or exempt from it.</summary>
    public bool HasFullSession => IsSignedIn && (Session?.MfaCompleted == true || ViaToken || !RequiresSecondFactor);

    public bool Holds(Role role) => _assignments.Any(a => a.Role == role);

    /// <summary>Every role needs a second factor except report-only staff in schools that exempt them.</summary>
    public bool RequiresSecondFactor =>
        _assignments.Count == 0
        || _assignments.Any(a => AccessModel.RequiresSecondFactor(a.Role))
        || Schools.Any(s => !s.ExemptReportOnlyStaffFromMfa);

    /// <summary>The shortest idle timeout among the member of staff's schools.</summary>
    public TimeSpan IdleTimeout =>
        TimeSpan.FromMinutes(Schools.Count == 0 ? 30 : Schools.Min(s => s.IdleTimeoutMinutes));

    /// <summary>What this member of staff may reach for one operation on one record type, combined over all their roles.</summary>
    public AccessGrant GrantFor(RecordType record, Operation operation)
    {
        if (_grants.TryGetValue((record, operation), out var cached))
        {
            return cached;
        }

        var wholeSchools = new HashSet<Guid>();
        var yearGroups = new HashSet<Guid>();
        var caseloadSchools = new HashSet<Guid>();
        var taughtSchools = new HashSet<Guid>();
        var namedSchools = new HashSet<Guid>();
        var own = false;
        foreach (var assignment in _assignments)
        {
            var reach = AccessModel.ReachOf(assignment.Role, record, operation);
            if (reach == Reach.None)
            {
                continue;
            }

            own |= reach.HasFlag(Reach.Own);
            var schools = assignment.SchoolId is { } schoolId ? [schoolId] : _trustSchools.Select(s => s.Id).ToList();
            foreach (var school in schools)
            {
                if (reach.HasFlag(Reach.School))
                {
                    wholeSchools.Add(school);
                }

                if (reach.HasFlag(Reach.Scope))
                {
                    if (!assignment.IsScoped)
                    {
                        wholeSchools.Add(school);
                    }
                    else if (_yearGroupsBySchool.TryGetValue(school, out var groups))
                    {
                        yearGroups.UnionWith(groups.Where(g => assignment.CoversYear(g.Year)).Select(g => g.Id));
                    }
                }

                if (reach.HasFlag(Reach.Caseload))
                {
                    caseloadSchools.Add(school);
                }

                if (reach.HasFlag(Reach.Taught))
                {
                    taughtSchools.Add(school);
                }

                if (reach.HasFlag(Reach.Named))
                {
                    namedSchools.Add(school);
                }
            }
        }

        var pupils = record == RecordType.Concern && operation == Operation.Read ? _emergencyPupils : new HashSet<Guid>();
        var grant = new AccessGrant(UserId, wholeSchools, yearGroups, caseloadSchools, taughtSchools, own) { Pupils = pupils, NamedSchools = namedSchools };
        _grants[(record, operation)] = grant;
        return grant;
    }
}

/// <summary>
/// The reach of one member of staff for one operation: whole schools, year groups, caseload, taught pupils,
/// and (<see cref="Own"/>) the records they made themselves.
/// </summary>
public sealed record AccessGrant(
    Guid UserId,
    IReadOnlySet<Guid> WholeSchools,
    IReadOnlySet<Guid> YearGroups,
    IReadOnlySet<Guid> CaseloadSchools,
    IReadOnlySet<Guid> TaughtSchools,
    bool Own = false)
{
    /// <summary>Single pupils reached by emergency access (Concern Read only), whatever the roles say.</summary>
    public IReadOnlySet<Guid> Pupils { get; init; } = new HashSet<Guid>();

    /// <summary>Schools where records that name the member of staff (a risk assessment shared with them) are within reach.</summary>
    public IReadOnlySet<Guid> NamedSchools { get; init; } = new HashSet<Guid>();

    public bool IsEmpty => !Own && WholeSchools.Count == 0 && YearGroups.Count == 0 && CaseloadSchools.Count == 0 && TaughtSchools.Count == 0 && Pupils.Count == 0
        && NamedSchools.Count == 0;

    public bool CoversSchool(Guid schoolId) => WholeSchools.Contains(schoolId);
}
