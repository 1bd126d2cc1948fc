using Attune.Platform.Auditing;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attune.Platform.Identity;

public enum PasswordResetResult
{
    Reset,

    /// <summary>The link is wrong, has expired or has been used: the password is unchanged.</summary>
    LinkNotValid,

    /// <summary>The new password was refused: see the errors.</summary>
    PasswordRefused,
}

/// <summary>
/// Self-service password reset by an emailed link. Asking never reveals whether an account exists; the link
/// works once, for an hour; a reset ends every session and tells the account holder. The authenticator is
/// untouched, so a reset link alone never gets anyone signed in.
/// </summary>
public sealed class PasswordReset(
    AppDbContext db,
    UserManager<StaffUser> users,
    StaffSignIn signIn,
    Notifier notifier,
    AuditTrail audit,
    IOptions<EmailOptions> emailOptions,
    TimeProvider clock)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(1);

    /// <summary>At most this many reset emails an hour for one account, so nobody can flood an inbox.</summary>
    public const int EmailsPerHour = 3;

    public bool IsAvailable => emailOptions.Value.IsEnabled;

    /// <summary>Sends a reset link if the address belongs to an active account. Says nothing either way.</summary>
    public async Task RequestAsync(string email)
    {
        if (!IsAvailable)
        {
            return;
        }

        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || user.Disabled || string.IsNullOrWhiteSpace(user.Email))
        {
            audit.Record("password-reset-requested", "StaffUser", user?.Id.ToString(), null, null, AuditOutcome.Failed, "no active account with that address");
            await db.SaveChangesAsync();
            return;
        }

        var since = clock.GetUtcNow().UtcDateTime - TimeSpan.FromHours(1);
        var recent = await db.OutboxEmails.CountAsync(e =>
            e.RecipientUserId == user.Id && e.Kind == EmailKinds.PasswordReset && e.CreatedUtc > since);
        if (recent >= EmailsPerHour)
        {
            audit.Record("password-reset-requested", "StaffUser", user.Id.ToString(), null, null, AuditOutcome.Denied, "too many reset emails in the last hour");
            await db.SaveChangesAsync();
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = emailOptions.Value.LinkTo($"/sign-in/reset-password?user={user.Id}&token={Uri.EscapeDataString(token)}");
        notifier.Queue(EmailKinds.PasswordReset, user.Id, user.Email, "Attune: reset your password",
            $"""
            Someone, hopefully you, asked to reset the password of your Attune account.

            To choose a new password, open this link within one hour. It works once:
            {link}

            If you did not ask, you can ignore this email: your password has not changed. You still need your authenticator app to sign in.
            """);
        audit.Record("password-reset-requested", "StaffUser", user.Id.ToString(), null, null, AuditOutcome.Succeeded, null);
        await db.SaveChangesAsync();
    }

    public async Task<(PasswordResetResult Result, IReadOnlyList<string> Errors)> ResetAsync(Guid userId, string token, string newPassword)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || user.Disabled)
        {
            return (PasswordResetResult.LinkNotValid, []);
        }

        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)))
            {
                audit.Record("password-reset", "StaffUser", user.Id.ToString(), null, null, AuditOutcome.Failed, "link not valid");
                await db.SaveChangesAsync();
                return (PasswordResetResult.LinkNotValid, []);
            }

            return (PasswordResetResult.PasswordRefused, result.Errors.Select(e => e.Description).ToList());
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await signIn.EndAllSessionsAsync(user.Id, "password-reset");
        notifier.AccountSecurity(user, "Your Attune password was reset with a link sent by email");
        audit.Record("password-reset", "StaffUser", user.Id.ToString(), null, null, AuditOutcome.Succeeded, null);
        await db.SaveChangesAsync();
        return (PasswordResetResult.Reset, []);
    }
}
