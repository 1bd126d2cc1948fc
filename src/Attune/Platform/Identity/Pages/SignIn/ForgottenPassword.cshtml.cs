using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Attune.Platform.Identity.Pages.SignIn;

/// <summary>Asks for a password reset link. The answer is the same whether or not the address has an account.</summary>
[EnableRateLimiting(SignInRateLimits.Policy)]
public sealed class ForgottenPasswordModel(PasswordReset reset) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }
    public bool IsAvailable => reset.IsAvailable;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!reset.IsAvailable)
        {
            return Page();
        }

        if (string.IsNullOrWhiteSpace(Email))
        {
            ModelState.AddModelError(nameof(Email), "Enter your email address");
            return Page();
        }

        if (Email.Length > 256 || !Email.Contains('@', StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(Email), "Enter an email address in the right format, like name@school.sch.uk");
            return Page();
        }

        await reset.RequestAsync(Email);
        Sent = true;
        return Page();
    }
}
