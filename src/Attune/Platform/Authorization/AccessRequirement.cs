using Microsoft.AspNetCore.Authorization;

namespace Attune.Platform.Authorization;

/// <summary>A need to perform one operation on one kind of record; decided by a per-record handler.</summary>
public sealed record AccessRequirement(RecordType Record, Operation Operation) : IAuthorizationRequirement
{
    public override string ToString() => $"{Record}.{Operation}";
}

/// <summary>Layer one: the member of staff holds some grant for this operation, somewhere. Guards folders and API groups.</summary>
public sealed record HoldsGrantRequirement(RecordType Record, Operation Operation) : IAuthorizationRequirement;

/// <summary>The session has passed a second factor, or the member of staff is exempt from needing one.</summary>
public sealed class SecondFactorRequirement : IAuthorizationRequirement;

public sealed class HoldsGrantHandler(StaffContext staff) : AuthorizationHandler<HoldsGrantRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, HoldsGrantRequirement requirement)
    {
        if (staff.IsSignedIn && !staff.GrantFor(requirement.Record, requirement.Operation).IsEmpty)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public sealed class SecondFactorHandler(StaffContext staff) : AuthorizationHandler<SecondFactorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SecondFactorRequirement requirement)
    {
        if (staff.HasFullSession)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
