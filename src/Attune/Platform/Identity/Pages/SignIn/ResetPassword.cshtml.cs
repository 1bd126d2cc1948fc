using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Attune.Platform.Identity.Pages.SignIn;

/// <summary>
/// Where a reset link lands. The token is moved out of the address bar at once (into a protected,
/// short-lived cookie) so it does not stay in browser history or get copied with the address.
/// </summary>
[EnableRateLimiting(SignInRateLimits.Policy)]
public sealed class ResetPasswordModel(PasswordReset reset) : PageModel
{
    private const string UserKey = "reset.user";
    private const string TokenKey = "reset.token";

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public bool LinkNotValid { get; private set; }

    public IActionResult OnGet(Guid? user, string? token)
    {
        if (user is not null && !string.IsNullOrEmpty(token))
        {
            TempData[UserKey] = user.Value.ToString();
            TempData[TokenKey] = token;
            return RedirectToPage();
        }

        LinkNotValid = Pending() is null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Pending() is not { } pending)
        {
            LinkNotValid = true;
            return Page();
        }

        if (string.IsNullOrEmpty(NewPassword))
        {
            ModelState.AddModelError(nameof(NewPassword), "Enter a new password");
        }
        else if (NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "The two passwords are not the same");
        }

        if (ModelState.IsValid)
        {
            var (result, errors) = await reset.ResetAsync(pending.User, pending.Token, NewPassword!);
            switch (result)
            {
                case PasswordResetResult.Reset:
                    TempData.Remove(UserKey);
                    TempData.Remove(TokenKey);
                    TempData[IndexModel.NoticeKey] = "Your password has been changed. Sign in with your new password and your authenticator app.";
                    return RedirectToPage("Index");
                case PasswordResetResult.LinkNotValid:
                    TempData.Remove(UserKey);
                    TempData.Remove(TokenKey);
                    LinkNotValid = true;
                    return Page();
                default:
                    foreach (var error in errors)
                    {
                        ModelState.AddModelError(nameof(NewPassword), error);
                    }

                    break;
            }
        }

        NewPassword = ConfirmPassword = null;
        return Page();
    }

    // TempData hands a stored Guid back as a Guid, not the string it was given: read both as text.
    private (Guid User, string Token)? Pending() =>
        Guid.TryParse(TempData.Peek(UserKey)?.ToString(), out var id) && TempData.Peek(TokenKey)?.ToString() is { Length: > 0 } token
            ? (id, token)
            : null;
}
