using Attune.Platform.Authorization;
using Attune.Platform.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;

namespace Attune.Platform.Web;

/// <summary>
/// A session that has not passed its second factor (for example after a school withdrew an exemption)
/// is ended and sent back to sign in; any other refusal gets the ordinary forbidden response.
/// </summary>
public sealed class AttuneAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden
            && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<SecondFactorRequirement>().Any() == true)
        {
            var staff = context.RequestServices.GetRequiredService<StaffContext>();
            await context.RequestServices.GetRequiredService<StaffSignIn>().SignOutAsync(staff.Session, "second-factor-required");
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }
            else
            {
                context.Response.Redirect(Identity.IdentityServiceCollectionExtensions.SignInPath);
            }

            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
