using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Attune.Platform.Identity.Pages.Account;

/// <summary>The signed-in member of staff's own account: who they are, their roles, password and recovery codes.</summary>
[EnableRateLimiting(SignInRateLimits.Policy)]
public sealed class IndexModel(StaffContext staff, UserManager<StaffUser> users, StaffSignIn signIn, AppDbContext db, AuditTrail audit, Notifier notifier, TimeProvider clock) : PageModel
{
    public string Name => staff.User!.DisplayName;
    public string Email => staff.User!.Email ?? "";
    public IReadOnlyList<string> Roles { get; private set; } = [];
    public int OtherSessions { get; private set; }
    public string? Confirmation { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public Task OnGetAsync() => LoadAsync();

    /// <summary>A post that names no handler is not a form on this page.</summary>
    public IActionResult OnPost() => BadRequest();

    public async Task<IActionResult> OnPostChangePasswordAsync()
    {
        if (string.IsNullOrEmpty(CurrentPassword))
        {
            ModelState.AddModelError(nameof(CurrentPassword), "Enter your current password");
        }

        if (string.IsNullOrEmpty(NewPassword))
        {
            ModelState.AddModelError(nameof(NewPassword), "Enter a new password");
        }
        else if (NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "The two new passwords are not the same");
        }

        if (ModelState.IsValid)
        {
            var user = (await users.FindByIdAsync(staff.UserId.ToString()))!;
            var result = await users.ChangePasswordAsync(user, CurrentPassword!, NewPassword!);
            if (result.Succeeded)
            {
                await signIn.KeepThisSessionOnlyAsync(user, staff.Session!);
                notifier.AccountSecurity(user, "Your Attune password was changed");
                await db.SaveChangesAsync();
                Confirmation = "Your password has been changed. Any other sessions have been signed out.";
            }
            else
            {
                foreach (var error in result.Errors)
                {
                    var field = error.Code == "PasswordMismatch" ? nameof(CurrentPassword) : nameof(NewPassword);
                    ModelState.AddModelError(field, error.Code == "PasswordMismatch" ? "Your current password is not right" : error.Description);
                }
            }
        }

        CurrentPassword = NewPassword = ConfirmPassword = null;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = (await users.FindByIdAsync(staff.UserId.ToString()))!;
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        audit.Record("recovery-codes-replaced", "StaffUser", user.Id.ToString(), null, null, AuditOutcome.Succeeded, null);
        notifier.AccountSecurity(user, "New recovery codes were made for your Attune account; the old ones no longer work");
        await db.SaveChangesAsync();
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var schools = staff.Schools.ToDictionary(s => s.Id, s => s.Name);
        Roles = staff.Assignments
            .Select(a => RoleNames.Describe(a.Role)
                + (a.SchoolId is { } id && schools.TryGetValue(id, out var school) ? $", {school}" : ", whole trust")
                + (a.KeyStageScope != Features.Schools.KeyStages.None ? $" ({a.KeyStageScope})" : ""))
            .OrderBy(r => r)
            .ToList();
        var sessionId = staff.Session?.Id;
        var activeSince = clock.GetUtcNow().UtcDateTime - staff.IdleTimeout;
        OtherSessions = await db.UserSessions.CountAsync(s =>
            s.UserId == staff.UserId && s.EndedUtc == null && s.Id != sessionId && s.LastSeenUtc > activeSince);
    }
}
