using System.Security.Claims;
using Attune.Platform.Auditing;
using Attune.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Attune.Platform.Identity;

public enum PasswordStepResult
{
    /// <summary>Signed in; the second factor comes next (challenge or enrolment decided by the pages).</summary>
    NeedsSecondFactor,
    SignedIn,
    Failed,
}

/// <summary>
/// Signing in and out. Every failure looks the same to the person at the keyboard (no hint whether the
/// account exists or is locked); the audit trail records what really happened.
/// </summary>
public sealed class StaffSignIn(
    UserManager<StaffUser> users,
    SignInManager<StaffUser> signIn,
    AppDbContext db,
    AuditTrail audit,
    Authorization.StaffContext staff,
    TimeProvider clock,
    IHttpContextAccessor http)
{
    public const string SessionClaim = "attune:sid";

    /// <summary>Checks the password. On success the browser holds a pending two-factor cookie or, for exempt staff, a full session.</summary>
    public async Task<PasswordStepResult> PasswordAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            // Spend the same effort as a real check so timing does not reveal whether the account exists.
            users.PasswordHasher.VerifyHashedPassword(DummyUser, DummyHash, password);
            audit.Record("sign-in", "StaffUser", null, null, null, AuditOutcome.Failed, "unknown-account");
            await db.SaveChangesAsync();
            return PasswordStepResult.Failed;
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            // Identity answers a locked account without checking the password; spend the same effort anyway,
            // so a quick answer does not reveal that the account exists and is locked.
            users.PasswordHasher.VerifyHashedPassword(DummyUser, DummyHash, password);
        }

        if (!result.Succeeded || user.Disabled)
        {
            audit.Actor = audit.Actor with { UserId = user.Id, Name = user.DisplayName };
            var reason = result.IsLockedOut ? "locked-out" : user.Disabled ? "disabled" : "wrong-password";
            audit.Record("sign-in", "StaffUser", user.Id.ToString(), null, null, AuditOutcome.Failed, reason);
            await db.SaveChangesAsync();
            return PasswordStepResult.Failed;
        }

        await staff.LoadAsync(user, null, Http.RequestAborted);
        if (!staff.RequiresSecondFactor)
        {
            await StartSessionAsync(user, mfaCompleted: false);
            return PasswordStepResult.SignedIn;
        }

        var pending = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
        pending.AddClaim(new Claim(ClaimTypes.Name, user.Id.ToString()));
        await Http.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(pending));
        return PasswordStepResult.NeedsSecondFactor;
    }

    private HttpContext Http => http.HttpContext ?? throw new InvalidOperationException("No HTTP request.");

    /// <summary>The account that passed the password step in this browser and awaits its second factor.</summary>
    public Task<StaffUser?> PendingUserAsync() => signIn.GetTwoFactorAuthenticationUserAsync();

    /// <summary>Checks an authenticator code (or a recovery code) for the pending account and completes sign-in.</summary>
    public async Task<bool> SecondFactorAsync(StaffUser user, string code, bool isRecoveryCode)
    {
        if (await users.IsLockedOutAsync(user) || user.Disabled)
        {
            await RecordFailureAsync(user, "locked-out");
            return false;
        }

        var cleaned = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var valid = isRecoveryCode
            ? (await users.RedeemTwoFactorRecoveryCodeAsync(user, cleaned)).Succeeded
            : await users.VerifyTwoFactorTokenAsync(user, SingleUseTotpProvider.Name, cleaned);
        if (!valid)
        {
            await users.AccessFailedAsync(user);
            await RecordFailureAsync(user, isRecoveryCode ? "wrong-recovery-code" : "wrong-code");
            return false;
        }

        await users.ResetAccessFailedCountAsync(user);
        await Http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await StartSessionAsync(user, mfaCompleted: true, isRecoveryCode ? "recovery-code" : "authenticator");
        return true;
    }

    /// <summary>
    /// Checks the first code from a newly added authenticator app; if right, turns on two-factor sign-in,
    /// completes the sign-in and returns fresh recovery codes to show once. Null when the code is wrong.
    /// </summary>
    public async Task<IReadOnlyList<string>?> EnrolAsync(StaffUser user, string code)
    {
        var cleaned = code.Replace(" ", "", StringComparison.Ordinal);
        if (user.Disabled || !await users.VerifyTwoFactorTokenAsync(user, SingleUseTotpProvider.Name, cleaned))
        {
            await users.AccessFailedAsync(user);
            await RecordFailureAsync(user, "wrong-enrolment-code");
            return null;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var recoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        audit.Actor = audit.Actor with { UserId = user.Id, Name = user.DisplayName };
        audit.Record("mfa-enrolled", "StaffUser", user.Id.ToString(), null, null, AuditOutcome.Succeeded, null);
        await Http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await StartSessionAsync(user, mfaCompleted: true, "authenticator-enrolment");
        return recoveryCodes;
    }

    public async Task SignOutAsync(UserSession? session, string reason = "signed-out")
    {
        if (session is not null)
        {
            await EndSessionAsync(session.Id, reason);
            audit.Record("sign-out", "StaffUser", session.UserId.ToString(), null, null, AuditOutcome.Succeeded, reason);
            await db.SaveChangesAsync();
        }

        await Http.SignOutAsync(IdentityConstants.ApplicationScheme);
        await Http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
    }

    /// <summary>
    /// After the member of staff changes their own password: every other session of theirs ends, and this
    /// browser's cookie is reissued with the new security stamp so it stays signed in.
    /// </summary>
    public async Task KeepThisSessionOnlyAsync(StaffUser user, UserSession session)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.UserSessions.Where(s => s.UserId == user.Id && s.EndedUtc == null && s.Id != session.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedUtc, now).SetProperty(x => x.EndReason, "credentials-changed"));
        Claim[] claims = [new Claim(SessionClaim, session.Id.ToString()), new Claim("amr", session.MfaCompleted ? "mfa" : "pwd")];
        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false }, claims);
    }

    public Task EndSessionAsync(Guid sessionId, string reason)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.UserSessions.Where(s => s.Id == sessionId && s.EndedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedUtc, now).SetProperty(x => x.EndReason, reason));
    }

    /// <summary>Ends every open session of an account: on disabling it, changing its roles or resetting its password.</summary>
    public Task EndAllSessionsAsync(Guid userId, string reason)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.UserSessions.Where(s => s.UserId == userId && s.EndedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedUtc, now).SetProperty(x => x.EndReason, reason));
    }

    private async Task StartSessionAsync(StaffUser user, bool mfaCompleted, string? method = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession
        {
            UserId = user.Id,
            StartedUtc = now,
            LastSeenUtc = now,
            MfaCompleted = mfaCompleted,
            IpAddress = Http.Connection.RemoteIpAddress?.ToString(),
        };
        db.UserSessions.Add(session);
        user.LastSignInUtc = now;
        audit.Actor = audit.Actor with { UserId = user.Id, Name = user.DisplayName };
        audit.Record("sign-in", "StaffUser", user.Id.ToString(), null, null, AuditOutcome.Succeeded, method ?? "password");
        await users.UpdateAsync(user);

        Claim[] claims = mfaCompleted
            ? [new Claim(SessionClaim, session.Id.ToString()), new Claim("amr", "mfa")]
            : [new Claim(SessionClaim, session.Id.ToString()), new Claim("amr", "pwd")];
        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false }, claims);
    }

    private async Task RecordFailureAsync(StaffUser user, string reason)
    {
        audit.Actor = audit.Actor with { UserId = user.Id, Name = user.DisplayName };
        audit.Record("sign-in", "StaffUser", user.Id.ToString(), null, null, AuditOutcome.Failed, reason);
        await db.SaveChangesAsync();
    }

    private static readonly StaffUser DummyUser = new() { DisplayName = "timing" };
    private static readonly string DummyHash = new PasswordHasher<StaffUser>().HashPassword(DummyUser, "not-a-real-password-for-timing");
}
