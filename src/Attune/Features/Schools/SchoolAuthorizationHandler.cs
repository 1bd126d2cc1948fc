using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Authorization;

namespace Attune.Features.Schools;

/// <summary>Decides operations on a school's own records (settings, staff accounts, imports) from the staff member's roles there.</summary>
public sealed class SchoolAuthorizationHandler(StaffContext staff) : AuthorizationHandler<AccessRequirement, School>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement, School resource)
    {
        if (staff.IsSignedIn && staff.GrantFor(requirement.Record, requirement.Operation).CoversSchool(resource.Id))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class SchoolOperations
{
    public static readonly AccessRequirement ReadSettings = new(RecordType.SchoolSettings, Operation.Read);
    public static readonly AccessRequirement AmendSettings = new(RecordType.SchoolSettings, Operation.Amend);
    public static readonly AccessRequirement ReadStaff = new(RecordType.StaffAccounts, Operation.Read);
    public static readonly AccessRequirement CreateStaff = new(RecordType.StaffAccounts, Operation.Create);
    public static readonly AccessRequirement AmendStaff = new(RecordType.StaffAccounts, Operation.Amend);
    public static readonly AccessRequirement ImportPupils = new(RecordType.PupilImport, Operation.Import);
}
