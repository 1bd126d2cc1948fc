using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Attune.Platform.Identity.Pages.SignIn;

[EnableRateLimiting(SignInRateLimits.Policy)]
public sealed class RecoveryCodeModel(StaffSignIn signIn) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.PendingUserAsync() is null ? RedirectToPage("Index") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.PendingUserAsync();
        if (user is null)
        {
            return RedirectToPage("Index");
        }

        if (string.IsNullOrWhiteSpace(Code))
        {
            ModelState.AddModelError(nameof(Code), "Enter one of your recovery codes");
            return Page();
        }

        if (!await signIn.SecondFactorAsync(user, Code, isRecoveryCode: true))
        {
            ModelState.AddModelError(nameof(Code), "That recovery code is not right or has already been used");
            Code = null;
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
