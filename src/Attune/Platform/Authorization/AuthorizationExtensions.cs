using System.Security.Claims;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Authorization;

namespace Attune.Platform.Authorization;

public static class AuthorizationExtensions
{
    /// <summary>Authorizes one operation on one record, or throws <see cref="NotFoundException"/> so existence does not leak.</summary>
    public static async Task AuthorizeOrNotFoundAsync(this IAuthorizationService authorization, ClaimsPrincipal user, object resource, AccessRequirement requirement)
    {
        var result = await authorization.AuthorizeAsync(user, resource, requirement);
        if (!result.Succeeded)
        {
            throw new NotFoundException();
        }
    }
}
