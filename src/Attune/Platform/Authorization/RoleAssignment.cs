using Attune.Features.Schools;

namespace Attune.Platform.Authorization;

/// <summary>
/// One role held by one member of staff: in one school, or across the trust when <see cref="SchoolId"/>
/// is null. Roles that work by key stage or year group carry that scope; an empty scope means the whole school.
/// </summary>
public sealed class RoleAssignment
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid UserId { get; set; }
    public Guid TrustId { get; set; }
    public Guid? SchoolId { get; set; }
    public Role Role { get; set; }
    public KeyStages KeyStageScope { get; set; }

    /// <summary>National curriculum years in scope, comma-separated, e.g. "7,8"; empty when none.</summary>
    public string YearScope { get; set; } = "";

    public IReadOnlySet<int> ScopeYears =>
        YearScope.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToHashSet();

    public bool IsScoped => KeyStageScope != KeyStages.None || YearScope.Length > 0;

    public bool CoversYear(int nationalCurriculumYear) =>
        !IsScoped
        || KeyStageScope.HasFlag(YearGroup.KeyStageOf(nationalCurriculumYear))
        || ScopeYears.Contains(nationalCurriculumYear);
}
