using Attune.Features.Pupils;
using Attune.Features.Schools;
using Microsoft.AspNetCore.Authorization;

namespace Attune.Platform.Authorization;

/// <summary>Layer one of the access model: deny by default, then a named policy per folder or API group.</summary>
public static class Policies
{
    /// <summary>Signed in with a password, second factor not yet passed: only enrolment and sign-out pages.</summary>
    public const string SignedIn = "SignedIn";

    /// <summary>Signed in and through the second factor: the fallback for every endpoint without a policy of its own.</summary>
    public const string Staff = "Staff";

    public const string PupilRecords = "PupilRecords";
    public const string SchoolAdministration = "SchoolAdministration";
    public const string StaffAdministration = "StaffAdministration";
    public const string PupilImport = "PupilImport";
    public const string AuditLog = "AuditLog";
    public const string ConcernReporting = "ConcernReporting";
    public const string SafeguardingCasework = "SafeguardingCasework";
    public const string EmergencyAccess = "EmergencyAccess";
    public const string Keywork = "Keywork";
    public const string NeedToKnow = "NeedToKnow";
    public const string Incidents = "Incidents";

    public static IServiceCollection AddAttuneAuthorization(this IServiceCollection services)
    {
        services.AddScoped<StaffContext>();
        services.AddScoped<IAuthorizationHandler, HoldsGrantHandler>();
        services.AddScoped<IAuthorizationHandler, SecondFactorHandler>();
        services.AddScoped<IAuthorizationHandler, PupilAuthorizationHandler>();
        services.AddScoped<IAuthorizationHandler, SchoolAuthorizationHandler>();

        var staff = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new SecondFactorRequirement()).Build();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(staff)
            .SetDefaultPolicy(staff)
            .AddPolicy(SignedIn, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(Staff, staff)
            .AddPolicy(PupilRecords, policy => policy.Combine(staff).AddRequirements(new HoldsGrantRequirement(RecordType.PupilProfile, Operation.Read)))
            .AddPolicy(SchoolAdministration, policy => policy.Combine(staff).AddRequirements(new HoldsGrantRequirement(RecordType.SchoolSettings, Operation.Read)))
            .AddPolicy(StaffAdministration, policy => policy.Combine(staff).AddRequirements(new HoldsGrantRequirement(RecordType.StaffAccounts, Operation.Read)))
            .AddPolicy(PupilImport, policy => policy.Combine(staff).AddRequirements(new HoldsGrantRequirement(RecordType.PupilImport, Operation.Import)))
            .AddPolicy(AuditLog, policy => policy.Combine(staff).AddRequirements(new HoldsGrantRequirement(RecordType.StaffAuditLog, Operation.Read)))
            .AddPolicy(ConcernReporting, policy => policy.Combine(staff).AddRequirements(new HoldsGrantRequirement(RecordType.Concern, Operation.Create)))
            .AddPolicy(SafeguardingCasework, policy => policy.Combine(staff).AddRequirements(new HoldsGrantRequirement(RecordType.Concern, Operation.Read)))
            .AddPolicy(EmergencyAccess, policy => policy.Combine(staff).AddRequirements(new HoldsGrantRequirement(RecordType.EmergencyAccess, Operation.Create)))
            .AddPolicy(Keywork, policy => policy.Combine(staff).AddRequirements(new HoldsGrantRequirement(RecordType.PupilPassport, Operation.Read)))
            .AddPolicy(NeedToKnow, policy => policy.Combine(staff).AddRequirements(new HoldsGrantRequirement(RecordType.NeedToKnowPassport, Operation.Read)))
            .AddPolicy(Incidents, policy => policy.Combine(staff).AddRequirements(new HoldsGrantRequirement(RecordType.Incident, Operation.Create)));
        return services;
    }
}
