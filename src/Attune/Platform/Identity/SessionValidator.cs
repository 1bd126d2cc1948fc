using System.Security.Claims;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attune.Platform.Identity;

public sealed class SessionOptions
{
    /// <summary>However active, a session ends this long after sign-in.</summary>
    public int AbsoluteLifetimeHours { get; set; } = 12;
}

/// <summary>
/// Runs on every request that carries a session cookie: the server-side session must be open, within the
/// school's idle timeout and the absolute lifetime, and the account enabled with an unchanged security
/// stamp. Otherwise the cookie is rejected and the session ended, whatever the browser still holds.
/// </summary>
public static class SessionValidator
{
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredService<AppDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        var lifetime = TimeSpan.FromHours(services.GetRequiredService<IOptions<SessionOptions>>().Value.AbsoluteLifetimeHours);
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var principal = context.Principal;

        if (!Guid.TryParse(principal?.FindFirstValue(StaffSignIn.SessionClaim), out var sessionId)
            || !Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            await RejectAsync(context);
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var session = await db.UserSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId);
        var user = session is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId);
        if (session is null || user is null || session.EndedUtc is not null)
        {
            await RejectAsync(context);
            return;
        }

        var staff = services.GetRequiredService<StaffContext>();
        await staff.LoadAsync(user, session, context.HttpContext.RequestAborted);

        var ended = user.Disabled ? "disabled"
            : principal!.FindFirstValue(stampClaim) != user.SecurityStamp ? "credentials-changed"
            : now - session.StartedUtc > lifetime ? "expired"
            : now - session.LastSeenUtc > staff.IdleTimeout ? "idle"
            : null;
        if (ended is not null)
        {
            await services.GetRequiredService<StaffSignIn>().EndSessionAsync(session.Id, ended);
            await RejectAsync(context);
            return;
        }

        if (now - session.LastSeenUtc > LastSeenResolution)
        {
            await db.UserSessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenUtc, now));
            session.LastSeenUtc = now;
        }

        var audit = services.GetRequiredService<AuditTrail>();
        audit.Actor = audit.Actor with { UserId = user.Id, Name = user.DisplayName };
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
