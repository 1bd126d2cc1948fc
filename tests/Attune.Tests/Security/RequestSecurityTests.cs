using System.Diagnostics;
using System.Net;
using Attune.Features.Demo;
using Attune.Platform.Data;
using Attune.Tests.Support;

namespace Attune.Tests.Security;

/// <summary>
/// Request-level defences over every discovered endpoint: antiforgery on every form post, security headers on
/// every HTML answer (including public and error pages), and sign-in and password reset that reveal neither
/// by their answer nor by their timing whether an account exists.
/// </summary>
public sealed class RequestSecurityTests
{
    [Fact]
    public async Task Every_form_post_without_a_valid_antiforgery_token_is_refused_for_every_role()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var handlers = await EndpointCatalogue.DiscoverAsync(app);
        // Only the error page, which re-renders for a failed post and changes nothing, may skip the check.
        Assert.Equal(["/error/{code:int?}"], handlers.Where(h => h.IgnoresAntiforgery).Select(h => h.Route).Distinct());
        var posts = handlers.Where(h => h.Method == "POST" && !h.IsApi && !h.IgnoresAntiforgery).ToList();
        Assert.True(posts.Count >= 15, $"only {posts.Count} form handlers found");
        var sessions = new List<StaffSession> { StaffSession.Anonymous(app) };
        foreach (var email in new[] { "trust.admin@riverside.example", "trust.dsl@riverside.example", "admin@kingsmead.example", "teacher@kingsmead.example" })
        {
            sessions.Add(await StaffSession.SignInAsync(app, email));
        }

        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var pupil = await app.PupilAsync(DemoSchools.Kingsmead);
        var member = await app.UserIdAsync("teacher@kingsmead.example");
        var accepted = new List<string>();
        foreach (var post in posts)
        {
            var path = EndpointCatalogue.Fill(post.Route, name => name switch
            {
                "id" when post.Route.StartsWith("/pupils", StringComparison.Ordinal) || post.Route.StartsWith("/audit", StringComparison.Ordinal) => pupil.Id.ToString(),
                "id" or "schoolId" => school.Id.ToString(),
                "userId" => member.ToString(),
                "referralId" or "attachmentId" or "transferId" or "fileId" or "assessmentId" or "planId" => Guid.Empty.ToString(),
                "code" => "404",
                "year" => "new",
                _ => null,
            }) + (post.HandlerName is null ? "" : "?handler=" + post.HandlerName);
            foreach (var session in sessions)
            {
                foreach (var token in new[] { null, "forged-token" })
                {
                    var form = new Dictionary<string, string> { ["Email"] = "dsl@kingsmead.example", ["Password"] = DemoSeeder.Password, ["Name"] = "x" };
                    if (token is not null)
                    {
                        form["__RequestVerificationToken"] = token;
                    }

                    var response = await session.Client.PostAsync(path, new FormUrlEncodedContent(form));
                    var location = response.Headers.Location?.OriginalString ?? "";
                    var refused = response.StatusCode == HttpStatusCode.BadRequest
                        || (response.StatusCode == HttpStatusCode.Redirect && (location.Contains("/access-denied", StringComparison.Ordinal) || location.Contains("/sign-in", StringComparison.Ordinal)));
                    if (!refused)
                    {
                        accepted.Add($"{post} ({path}) {(token is null ? "without a token" : "with a forged token")}: {(int)response.StatusCode} {location}");
                    }
                }
            }
        }

        Assert.True(accepted.Count == 0, "Form posts accepted without a valid antiforgery token:\n" + string.Join("\n", accepted));
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/sign-in/forgotten-password")]
    [InlineData("/signed-out")]
    [InlineData("/access-denied")]
    [InlineData("/error/404")]
    [InlineData("/no-such-page")]
    public async Task Public_and_error_pages_carry_the_security_headers(string path)
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);

        var response = await StaffSession.Anonymous(app).Client.GetAsync(path);

        Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Sign_in_takes_as_long_for_an_unknown_or_locked_account_as_for_a_wrong_password()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        for (var i = 0; i < 6; i++)
        {
            await StaffSession.Anonymous(app).SubmitPasswordAsync("therapist@hollybrook.example", "not the right password");
        }

        var unknown = new List<double>();
        var wrongPassword = new List<double>();
        var locked = new List<double>();
        var accounts = new[] { "trust.admin@riverside.example", "admin@kingsmead.example", "pastoral.lead@kingsmead.example", "ta@kingsmead.example" };
        for (var round = 0; round < 16; round++)
        {
            // Interleaved so the machine's noise falls on all three alike; at most four wrong passwords per account, below the lockout.
            unknown.Add(await TimeAsync(() => StaffSession.Anonymous(app).SubmitPasswordAsync($"nobody{round}@kingsmead.example", "not the right password")));
            wrongPassword.Add(await TimeAsync(() => StaffSession.Anonymous(app).SubmitPasswordAsync(accounts[round % 4], "not the right password")));
            locked.Add(await TimeAsync(() => StaffSession.Anonymous(app).SubmitPasswordAsync("therapist@hollybrook.example", "not the right password")));
        }

        AssertSimilar("unknown account", Median(unknown), "wrong password", Median(wrongPassword));
        AssertSimilar("locked account", Median(locked), "wrong password", Median(wrongPassword));
    }

    [Fact]
    public async Task Asking_for_a_password_reset_takes_as_long_for_an_unknown_account_as_for_a_real_one()
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, settings: smtp.Settings());
        var known = new List<double>();
        var unknown = new List<double>();
        var accounts = DemoSeeder.Accounts.Select(a => a.Email).ToList();
        for (var round = 0; round < 16; round++)
        {
            known.Add(await TimeAsync(() => StaffSession.Anonymous(app).PostFormAsync("/sign-in/forgotten-password", new() { ["Email"] = accounts[round] })));
            unknown.Add(await TimeAsync(() => StaffSession.Anonymous(app).PostFormAsync("/sign-in/forgotten-password", new() { ["Email"] = $"nobody{round}@kingsmead.example" })));
        }

        AssertSimilar("unknown account", Median(unknown), "real account", Median(known));
    }

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> request)
    {
        var watch = Stopwatch.StartNew();
        using var response = await request();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> samples) => samples.Order().ElementAt(samples.Count / 2);

    /// <summary>Within 15 ms or a third of each other: a password hash (tens of milliseconds) is far outside that.</summary>
    private static void AssertSimilar(string what, double ms, string comparedWith, double otherMs) =>
        Assert.True(Math.Abs(ms - otherMs) <= Math.Max(15, Math.Max(ms, otherMs) / 3),
            FormattableString.Invariant($"{what} took {ms:F1} ms (median), {comparedWith} {otherMs:F1} ms: the difference reveals whether the account exists"));
}
