using System.Security.Claims;
using System.Text.Encodings.Web;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attune.Platform.Api;

/// <summary>
/// Authenticates /api/v1 calls by `Authorization: Bearer attune_…`. The API accepts no cookies, so a
/// browser session can never be used to call it from another site.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AppDbContext db,
    StaffContext staff,
    AuditTrail audit,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AttuneToken";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(PersonalAccessToken.SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return AuthenticateResult.Fail("Not an Attune token.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var hash = PersonalAccessToken.Hash(secret);
        var token = await db.Set<PersonalAccessToken>().AsNoTracking().FirstOrDefaultAsync(t => t.SecretHash == hash);
        var user = token is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == token.UserId);
        if (token is null || user is null || !token.IsActive(now) || user.Disabled)
        {
            return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        }

        await staff.LoadAsync(user, null, Context.RequestAborted, viaToken: true);
        audit.Actor = new AuditActor(user.Id, user.DisplayName, Context.Connection.RemoteIpAddress?.ToString());
        if (token.LastUsedUtc is null || now - token.LastUsedUtc > LastUsedResolution)
        {
            await db.Set<PersonalAccessToken>().Where(t => t.Id == token.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.LastUsedUtc, now));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.UserName ?? ""), new Claim("attune:token", token.Id.ToString())],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
