using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using QRCoder;

namespace Attune.Platform.Identity.Pages.SignIn;

/// <summary>Forced at first sign-in for everyone who needs a second factor: add an authenticator app, then save recovery codes.</summary>
[EnableRateLimiting(SignInRateLimits.Policy)]
public sealed partial class SetUpAuthenticatorModel(StaffSignIn signIn, UserManager<StaffUser> users) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string QrCodeSvg { get; private set; } = "";
    public string FormattedKey { get; private set; } = "";
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    public string ContinueUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signIn.PendingUserAsync();
        if (user is null)
        {
            return RedirectToPage("Index");
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage("TwoFactor", new { ReturnUrl });
        }

        await ShowKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.PendingUserAsync();
        if (user is null)
        {
            return RedirectToPage("Index");
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage("TwoFactor", new { ReturnUrl });
        }

        if (string.IsNullOrWhiteSpace(Code))
        {
            ModelState.AddModelError(nameof(Code), "Enter the 6-digit code from your authenticator app");
        }
        else if (await signIn.EnrolAsync(user, Code) is { } codes)
        {
            RecoveryCodes = codes;
            return Page();
        }
        else
        {
            ModelState.AddModelError(nameof(Code), "The code is not right. Check the key in your app and enter the newest code");
        }

        Code = null;
        await ShowKeyAsync(user);
        return Page();
    }

    private async Task ShowKeyAsync(StaffUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        FormattedKey = string.Join(' ', FourCharacters().Matches(key!.ToLowerInvariant()).Select(m => m.Value));
        var uri = $"otpauth://totp/Attune:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer=Attune&digits=6&period=30";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrCodeSvg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true)
            .Replace("<svg ", "<svg role=\"img\" aria-label=\"QR code for your authenticator app\" ", StringComparison.Ordinal);
    }

    [GeneratedRegex(".{1,4}")]
    private static partial Regex FourCharacters();
}
