using System.Security.Cryptography;
using Attune.Features.Schools;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Staff;

/// <summary>What a school or trust administrator does to staff accounts: every change audited, every refusal a 404.</summary>
public sealed class StaffAdministration(
    AppDbContext db,
    UserManager<StaffUser> users,
    StaffSignIn signIn,
    Notifier notifier,
    IAuthorizationService authorization,
    IHttpContextAccessor http,
    TimeProvider clock)
{
    public static readonly Role[] SchoolRoles =
        [Role.SchoolAdministrator, Role.Dsl, Role.DeputyDsl, Role.PastoralLead, Role.PastoralStaff, Role.Staff, Role.Reporter];

    /// <summary>The school, if the administrator may perform the operation on its staff; otherwise 404.</summary>
    public async Task<School> SchoolAsync(Guid schoolId, AccessRequirement requirement)
    {
        var school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == schoolId) ?? throw new NotFoundException();
        await authorization.AuthorizeOrNotFoundAsync(http.HttpContext!.User, school, requirement);
        return school;
    }

    /// <summary>A member of staff who holds a role in this school; anyone else is 404 from here.</summary>
    public async Task<StaffUser> MemberAsync(School school, Guid userId) =>
        await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.TrustId == school.TrustId
            && db.RoleAssignments.Any(a => a.UserId == u.Id && a.SchoolId == school.Id))
        ?? throw new NotFoundException();

    public async Task<(StaffUser? User, string? Password, string? Error)> CreateAsync(School school, string email, string name, string? jobTitle, Role role, KeyStages scope)
    {
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            if (existing.TrustId != school.TrustId)
            {
                return (null, null, "This email address is already used by an account in another organisation");
            }

            await AddRoleAsync(school, existing, role, scope);
            return (existing, null, null);
        }

        var (user, password, error) = await CreateAccountAsync(users, clock, school.TrustId, email, name, jobTitle);
        if (user is not null)
        {
            await AddRoleAsync(school, user, role, scope);
        }

        return (user, password, error);
    }

    /// <summary>A new account with a one-time password, to be changed after the first sign-in, where an authenticator is set up.</summary>
    public static async Task<(StaffUser? User, string? Password, string? Error)> CreateAccountAsync(
        UserManager<StaffUser> users, TimeProvider clock, Guid trustId, string email, string name, string? jobTitle)
    {
        var password = OneTimePassword();
        var user = new StaffUser
        {
            TrustId = trustId,
            DisplayName = name,
            JobTitle = jobTitle,
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password);
        return created.Succeeded
            ? (user, password, null)
            : (null, null, string.Join(" ", created.Errors.Select(e => e.Description)));
    }

    public async Task AddRoleAsync(School school, StaffUser user, Role role, KeyStages scope)
    {
        if (!SchoolRoles.Contains(role))
        {
            throw new ValidationException("That role cannot be given in a school.");
        }

        var duplicate = await db.RoleAssignments.AnyAsync(a => a.UserId == user.Id && a.SchoolId == school.Id && a.Role == role && a.KeyStageScope == scope);
        if (!duplicate)
        {
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, TrustId = school.TrustId, SchoolId = school.Id, Role = role, KeyStageScope = scope });
            await db.SaveChangesAsync();
        }
    }

    public async Task RemoveRoleAsync(School school, StaffUser user, Guid assignmentId)
    {
        var assignment = await db.RoleAssignments.FirstOrDefaultAsync(a => a.Id == assignmentId && a.UserId == user.Id && a.SchoolId == school.Id)
            ?? throw new NotFoundException();
        db.RoleAssignments.Remove(assignment);
        await db.SaveChangesAsync();
    }

    public async Task SetDisabledAsync(StaffUser user, bool disabled)
    {
        user.Disabled = disabled;
        await users.UpdateAsync(user);
        if (disabled)
        {
            await users.UpdateSecurityStampAsync(user);
            await signIn.EndAllSessionsAsync(user.Id, "disabled");
        }
    }

    /// <summary>
    /// For a forgotten password or a lost phone: a new one-time password, the authenticator and recovery codes
    /// removed so the member of staff sets them up again at next sign-in, and every session ended.
    /// </summary>
    public async Task<string> ResetSignInAsync(StaffUser user)
    {
        var password = OneTimePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            throw new InvalidOperationException("Password reset failed: " + string.Join("; ", reset.Errors.Select(e => e.Code)));
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await signIn.EndAllSessionsAsync(user.Id, "sign-in-reset");
        notifier.AccountSecurity(user, "An administrator reset your Attune sign-in: you will set up your authenticator app again when you next sign in");
        await db.SaveChangesAsync();
        return password;
    }

    /// <summary>Twenty random letters and digits in groups of five: easy to read out, impossible to guess.</summary>
    public static string OneTimePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 20);
        return string.Join('-', new string(chars).Chunk(5).Select(c => new string(c)));
    }
}
