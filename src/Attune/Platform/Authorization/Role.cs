namespace Attune.Platform.Authorization;

/// <summary>
/// What a member of staff does. Each role's powers over each record type are written down in
/// docs/security/access-model.md and mirrored by <see cref="AccessModel"/>; a test keeps them equal.
/// </summary>
public enum Role
{
    TrustAdministrator,
    SchoolAdministrator,
    Dsl,
    DeputyDsl,
    PastoralLead,
    PastoralStaff,
    Staff,

    /// <summary>Lunchtime supervisors, volunteers, site staff: may report a concern or log an incident, read nothing.</summary>
    Reporter,
}

public static class RoleNames
{
    public static string Describe(Role role) => role switch
    {
        Role.TrustAdministrator => "Trust administrator",
        Role.SchoolAdministrator => "School administrator",
        Role.Dsl => "Designated safeguarding lead",
        Role.DeputyDsl => "Deputy designated safeguarding lead",
        Role.PastoralLead => "Pastoral lead",
        Role.PastoralStaff => "Pastoral staff (keyworker)",
        Role.Staff => "Staff (teacher, teaching assistant, therapist)",
        Role.Reporter => "Report only",
        _ => role.ToString(),
    };
}
