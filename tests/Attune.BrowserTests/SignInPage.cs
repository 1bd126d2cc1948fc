using Attune.Features.Demo;
using Attune.Platform.Identity;
using Microsoft.Playwright;

namespace Attune.BrowserTests;

/// <summary>Page object for signing in: password, then the authenticator code a phone app would show.</summary>
public sealed class SignInPage(IPage page)
{
    /// <summary>The last time step whose code each account used: a code works once, so a second sign-in in the same 30 seconds waits for the next.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> LastStep = new(StringComparer.OrdinalIgnoreCase);

    public async Task SignInAsync(string email, string password = DemoSeeder.Password)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        var step = Totp.TimeStepAt(DateTimeOffset.UtcNow);
        while (LastStep.TryGetValue(email, out var used) && step <= used)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            step = Totp.TimeStepAt(DateTimeOffset.UtcNow);
        }

        LastStep[email] = step;
        await page.GetByLabel("Enter the code from your authenticator app").FillAsync(Totp.Code(Base32.Decode(DemoSeeder.TotpSecret), step));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
