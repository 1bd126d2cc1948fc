using Attune.Features.Demo;
using Attune.Platform.Identity;
using Microsoft.Playwright;

namespace Attune.BrowserTests;

/// <summary>Page object for signing in: password, then the authenticator code a phone app would show.</summary>
public sealed class SignInPage(IPage page)
{
    public async Task SignInAsync(string email, string password = DemoSeeder.Password)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.GetByLabel("Enter the code from your authenticator app").FillAsync(
            Totp.Code(Base32.Decode(DemoSeeder.TotpSecret), Totp.TimeStepAt(DateTimeOffset.UtcNow)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
