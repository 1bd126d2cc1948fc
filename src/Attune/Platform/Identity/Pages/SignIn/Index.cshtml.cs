using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Attune.Platform.Identity.Pages.SignIn;

[EnableRateLimiting(SignInRateLimits.Policy)]
public sealed class IndexModel(StaffSignIn signIn) : PageModel
{
    /// <summary>Said for every failure, so nobody can learn whether an account exists or is locked.</summary>
    public const string FailureMessage = "Enter a correct email address and password. After 5 wrong attempts the account is locked for 15 minutes.";

    /// <summary>TempData key for a message shown above the form, such as "your password has been changed".</summary>
    public const string NoticeKey = "sign-in.notice";

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Notice { get; private set; }

    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturnUrl);
        }

        Notice = TempData[NoticeKey] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            ModelState.AddModelError(nameof(Email), "Enter your email address");
        }

        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), "Enter your password");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        switch (await signIn.PasswordAsync(Email!, Password!))
        {
            case PasswordStepResult.SignedIn:
                return LocalRedirect(SafeReturnUrl);
            case PasswordStepResult.NeedsSecondFactor:
                return RedirectToPage("TwoFactor", new { ReturnUrl = SafeReturnUrl });
            default:
                ModelState.AddModelError(nameof(Email), FailureMessage);
                Password = null;
                return Page();
        }
    }

    private string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}
