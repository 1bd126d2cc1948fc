using System.Net;
using Attune.Features.Demo;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Attune.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Platform.Identity;

[Collection(DemoTrustCollection.Name)]
public sealed class SignInTests(SharedApps apps)
{
    [Fact]
    public async Task The_demo_dsl_signs_in_with_password_and_authenticator_code()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var session = StaffSession.Anonymous(app);

        var afterPassword = await session.SubmitPasswordAsync("dsl@kingsmead.example", DemoSeeder.Password);
        Assert.Equal("/sign-in/two-factor?ReturnUrl=%2F", afterPassword.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/pupils")).StatusCode);

        var afterCode = await session.SubmitCodeAsync(session.CurrentCode(DemoSeeder.TotpSecret));
        Assert.Equal("/", afterCode.Headers.Location!.OriginalString);
        Assert.Contains("Find a pupil", await session.GetPageAsync("/pupils"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authenticator_code_works_only_once()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var first = StaffSession.Anonymous(app);
        await first.SubmitPasswordAsync("pastoral.lead@kingsmead.example", DemoSeeder.Password);
        var code = first.CurrentCode(DemoSeeder.TotpSecret);
        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitCodeAsync(code)).StatusCode);

        var replay = StaffSession.Anonymous(app);
        await replay.SubmitPasswordAsync("pastoral.lead@kingsmead.example", DemoSeeder.Password);
        var response = await replay.SubmitCodeAsync(code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("already been used", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_account_and_wrong_password_get_the_same_answer()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);

        var unknown = await (await StaffSession.Anonymous(app).SubmitPasswordAsync("nobody@kingsmead.example", "a wrong password here")).Content.ReadAsStringAsync();
        var wrong = await (await StaffSession.Anonymous(app).SubmitPasswordAsync("ta@kingsmead.example", "a wrong password here")).Content.ReadAsStringAsync();

        Assert.Contains(Attune.Platform.Identity.Pages.SignIn.IndexModel.FailureMessage, unknown, StringComparison.Ordinal);
        Assert.Equal(StripTokens(unknown).Replace("nobody@kingsmead.example", "EMAIL", StringComparison.Ordinal), StripTokens(wrong).Replace("ta@kingsmead.example", "EMAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_without_saying_so()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        for (var i = 0; i < 5; i++)
        {
            await StaffSession.Anonymous(app).SubmitPasswordAsync("teacher@hollybrook.example", "not the right password");
        }

        var session = StaffSession.Anonymous(app);
        var withRightPassword = await session.SubmitPasswordAsync("teacher@hollybrook.example", DemoSeeder.Password);

        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
        Assert.Contains(Attune.Platform.Identity.Pages.SignIn.IndexModel.FailureMessage, await withRightPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var lockedOut = await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<StaffUser>>();
            return await users.IsLockedOutAsync((await users.FindByEmailAsync("teacher@hollybrook.example"))!);
        });
        Assert.True(lockedOut);
    }

    [Fact]
    public async Task Staff_without_an_authenticator_must_set_one_up_before_anything_else()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<StaffUser>>();
            var user = (await users.FindByEmailAsync("therapist@hollybrook.example"))!;
            await users.SetTwoFactorEnabledAsync(user, false);
            await users.ResetAuthenticatorKeyAsync(user);
        });
        var session = StaffSession.Anonymous(app);

        var afterPassword = await session.SubmitPasswordAsync("therapist@hollybrook.example", DemoSeeder.Password);
        var challenge = await session.GetAsync(afterPassword.Headers.Location!.OriginalString);
        Assert.StartsWith("/sign-in/set-up-authenticator", challenge.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var setup = await session.GetPageAsync(challenge.Headers.Location!.OriginalString);
        Assert.Contains("QR code for your authenticator app", setup, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/pupils")).StatusCode);

        var key = await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<StaffUser>>();
            return (await users.GetAuthenticatorKeyAsync((await users.FindByEmailAsync("therapist@hollybrook.example"))!))!;
        });
        var enrolled = await session.PostFormAsync("/sign-in/set-up-authenticator", new() { ["Code"] = session.CurrentCode(key) });

        var page = await enrolled.Content.ReadAsStringAsync();
        Assert.Contains("Save your recovery codes", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/pupils")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var session = await StaffSession.SignInAsync(app, "dsl@hollybrook.example");
        var copied = session.CopyCookies();
        Assert.Equal(HttpStatusCode.OK, (await copied.GetAsync("/pupils")).StatusCode);

        await session.PostFormAsync("/sign-out", [], formPage: "/sign-out");

        var response = await copied.GetAsync("/pupils");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sign-in", response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_idle_session_ends_after_the_school_idle_timeout()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var session = await StaffSession.SignInAsync(app, "pastoral.lead@hollybrook.example");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/pupils")).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/pupils")).StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_session_at_the_next_request()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var session = await StaffSession.SignInAsync(app, "dsl@kingsmead.example");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/pupils")).StatusCode);

        await app.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().Users
            .Where(u => u.Email == "dsl@kingsmead.example").ExecuteUpdateAsync(u => u.SetProperty(x => x.Disabled, true)));

        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/pupils")).StatusCode);
    }

    [Fact]
    public void Common_and_short_passwords_are_refused()
    {
        Assert.True(CommonPasswordValidator.IsCommon("password123!"));
        Assert.True(CommonPasswordValidator.IsCommon("Qwertyuiop"));
        Assert.True(CommonPasswordValidator.IsCommon("aaaaaaaaaaaaaaa"));
        Assert.False(CommonPasswordValidator.IsCommon("kettle-harbour-violet"));
    }

    private static string StripTokens(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "value=\"CfDJ8[^\"]*\"", "value=\"\"");
}
