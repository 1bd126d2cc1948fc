using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Attune.Platform.Identity.Pages.SignIn;

/// <summary>The second step of signing in, for an account with an authenticator app; sends others to set one up.</summary>
[EnableRateLimiting(SignInRateLimits.Policy)]
public sealed class TwoFactorModel(StaffSignIn signIn, UserManager<StaffUser> users) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signIn.PendingUserAsync();
        if (user is null)
        {
            return RedirectToPage("Index");
        }

        return await users.GetTwoFactorEnabledAsync(user) ? Page() : RedirectToPage("SetUpAuthenticator", new { ReturnUrl });
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.PendingUserAsync();
        if (user is null)
        {
            return RedirectToPage("Index");
        }

        if (string.IsNullOrWhiteSpace(Code))
        {
            ModelState.AddModelError(nameof(Code), "Enter the 6-digit code from your authenticator app");
            return Page();
        }

        if (!await signIn.SecondFactorAsync(user, Code, isRecoveryCode: false))
        {
            ModelState.AddModelError(nameof(Code), "The code is not right or has already been used. Wait for the next code and try again.");
            Code = null;
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
