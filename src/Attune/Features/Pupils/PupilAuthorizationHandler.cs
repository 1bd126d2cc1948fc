using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Pupils;

/// <summary>
/// Layer two: decides one operation on one pupil's records from the member of staff's roles, schools,
/// scopes, caseload and teaching. It asks the same <see cref="PupilVisibility.VisibleTo"/> query that lists
/// use, so a page and a list can never disagree about who may see a pupil.
/// </summary>
public sealed class PupilAuthorizationHandler(StaffContext staff) : AuthorizationHandler<AccessRequirement, Pupil>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement, Pupil resource)
    {
        if (staff.IsSignedIn && await staff.Db.Pupils.VisibleTo(staff, requirement).AnyAsync(p => p.Id == resource.Id))
        {
            context.Succeed(requirement);
        }
    }
}
