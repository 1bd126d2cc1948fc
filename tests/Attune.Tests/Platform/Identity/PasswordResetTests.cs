using System.Net;
using System.Text.RegularExpressions;
using Attune.Features.Demo;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Attune.Platform.Notifications;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Platform.Identity;

public sealed partial class PasswordResetTests
{
    private const string Dsl = "dsl@kingsmead.example";
    private const string NewPassword = "harbour lantern thistle";

    [Fact]
    public async Task Asking_for_a_reset_looks_the_same_whether_or_not_the_account_exists()
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, settings: smtp.Settings());

        var known = await AskForResetAsync(app, Dsl);
        var unknown = await AskForResetAsync(app, "nobody@kingsmead.example");
        var otherDomain = await AskForResetAsync(app, "nobody.at.all@example.org");

        Assert.Equal(Normalise(known, Dsl), Normalise(unknown, "nobody@kingsmead.example"));
        Assert.Equal(Normalise(known, Dsl), Normalise(otherDomain, "nobody.at.all@example.org"));
        Assert.Contains("Check your email", known, StringComparison.Ordinal);
        await app.SendEmailsAsync();
        var email = Assert.Single(smtp.Received);
        Assert.Equal([Dsl], email.To);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_emailed_link_sets_a_new_password_once_ends_every_session_and_tells_the_account_holder(DatabaseProvider provider)
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = new AttuneApp(provider, settings: smtp.Settings());
        var signedIn = await StaffSession.SignInAsync(app, Dsl);
        var link = await EmailedResetLinkAsync(app, smtp);
        var browser = StaffSession.Anonymous(app);

        var landing = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        Assert.Equal("/sign-in/reset-password", landing.Headers.Location!.OriginalString);
        var changed = await browser.PostFormAsync("/sign-in/reset-password", new() { ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Contains("Your password has been changed", await browser.GetPageAsync("/sign-in"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await signedIn.GetAsync("/pupils")).StatusCode);

        var oldPassword = await StaffSession.Anonymous(app).SubmitPasswordAsync(Dsl, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.OK, oldPassword.StatusCode);
        var fresh = StaffSession.Anonymous(app);
        var withNew = await fresh.SubmitPasswordAsync(Dsl, NewPassword);
        Assert.StartsWith("/sign-in/two-factor", withNew.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var reused = StaffSession.Anonymous(app);
        await reused.GetAsync(link);
        var again = await reused.PostFormAsync("/sign-in/reset-password", new() { ["NewPassword"] = "another fine password", ["ConfirmPassword"] = "another fine password" });
        Assert.Contains("This link does not work", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await app.SendEmailsAsync();
        var notice = smtp.Received[^1];
        Assert.Equal("Attune: your sign-in details changed", notice.Subject);
        Assert.Contains("reset with a link sent by email", notice.Body, StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryAsync(db => db.Notifications.CountAsync(n => n.Category == "Account security")));
    }

    [Fact]
    public async Task A_reset_link_stops_working_after_an_hour()
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, settings: smtp.Settings());
        var link = await EmailedResetLinkAsync(app, smtp);

        app.Clock.Advance(PasswordReset.LinkLifetime + TimeSpan.FromMinutes(1));
        var browser = StaffSession.Anonymous(app);
        await browser.GetAsync(link);
        var response = await browser.PostFormAsync("/sign-in/reset-password", new() { ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This link does not work", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await StaffSession.Anonymous(app).SubmitPasswordAsync(Dsl, DemoSeeder.Password)).StatusCode);
    }

    [Fact]
    public async Task A_common_password_is_refused_and_the_link_still_works()
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, settings: smtp.Settings());
        var link = await EmailedResetLinkAsync(app, smtp);
        var browser = StaffSession.Anonymous(app);
        await browser.GetAsync(link);

        var refused = await browser.PostFormAsync("/sign-in/reset-password", new() { ["NewPassword"] = "password1234", ["ConfirmPassword"] = "password1234" });
        Assert.Contains("href=\"#NewPassword\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var accepted = await browser.PostFormAsync("/sign-in/reset-password", new() { ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task No_more_than_three_reset_emails_an_hour_go_to_one_account()
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, settings: smtp.Settings());

        for (var i = 0; i < 5; i++)
        {
            await AskForResetAsync(app, Dsl);
        }

        Assert.Equal(PasswordReset.EmailsPerHour, await app.QueryAsync(db => db.OutboxEmails.CountAsync(e => e.Kind == EmailKinds.PasswordReset)));
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await AskForResetAsync(app, Dsl);
        Assert.Equal(PasswordReset.EmailsPerHour + 1, await app.QueryAsync(db => db.OutboxEmails.CountAsync(e => e.Kind == EmailKinds.PasswordReset)));
    }

    [Fact]
    public async Task A_disabled_account_gets_no_reset_email()
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, settings: smtp.Settings());
        await app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var user = await db.Users.SingleAsync(u => u.Email == Dsl);
            user.Disabled = true;
            await db.SaveChangesAsync();
        });

        await AskForResetAsync(app, Dsl);

        Assert.Equal(0, await app.QueryAsync(db => db.OutboxEmails.CountAsync()));
    }

    [Fact]
    public async Task Without_email_the_page_says_to_ask_an_administrator()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);

        var page = await StaffSession.Anonymous(app).GetPageAsync("/sign-in/forgotten-password");

        Assert.Contains("ask your school's Attune administrator", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", page, StringComparison.Ordinal);
    }

    private static async Task<string> AskForResetAsync(AttuneApp app, string email)
    {
        var response = await StaffSession.Anonymous(app).PostFormAsync("/sign-in/forgotten-password", new() { ["Email"] = email });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Asks for a reset for the DSL, sends the outbox, and returns the emailed link's path and query.</summary>
    private static async Task<string> EmailedResetLinkAsync(AttuneApp app, FakeSmtpServer smtp)
    {
        await AskForResetAsync(app, Dsl);
        await app.SendEmailsAsync();
        var link = ResetLink().Match(Assert.Single(smtp.Received).Body).Value;
        Assert.StartsWith("https://attune.kingsmead.example/sign-in/reset-password?", link, StringComparison.Ordinal);
        return link["https://attune.kingsmead.example".Length..];
    }

    private static string Normalise(string html, string email) =>
        AntiforgeryValue().Replace(html, "").Replace(WebUtility.HtmlEncode(email), "EMAIL", StringComparison.Ordinal);

    [GeneratedRegex(@"https://attune\.kingsmead\.example/sign-in/reset-password\?\S+")]
    private static partial Regex ResetLink();

    [GeneratedRegex("value=\"CfDJ8[^\"]+\"")]
    private static partial Regex AntiforgeryValue();
}
