using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Attune.BrowserTests;

/// <summary>What a member of staff does in a real browser, at desktop width and on a 360 px phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_dsl_signs_in_finds_a_pupil_and_opens_their_overview()
    {
        var page = await fixture.NewPageAsync(1280);
        await new SignInPage(page).SignInAsync("dsl@kingsmead.example");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Find a pupil" })).ToBeVisibleAsync();
        await Screenshot(page, "pupil-search-desktop");
        var pupilName = await FirstPupilNameAsync(page, "a");
        await page.GetByRole(AriaRole.Link, new() { Name = pupilName }).First.ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Parents, carers and contacts" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("UPN")).ToBeVisibleAsync();
        await Screenshot(page, "pupil-overview-desktop");

        await page.SetViewportSizeAsync(360, 800);
        await Screenshot(page, "pupil-overview-360");
        await Layout.AssertFitsWidthAsync(page, "the overview scrolls sideways at 360 px");

        await page.GetByRole(AriaRole.Link, new() { Name = "Who has viewed or changed these records" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Viewed the pupil overview");
        await Screenshot(page, "pupil-audit-360");
        await page.SetViewportSizeAsync(1280, 900);
        await Screenshot(page, "pupil-audit-desktop");
        await page.SetViewportSizeAsync(360, 800);

        await page.GetByRole(AriaRole.Link, new() { Name = "Helen Brooks" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Designated safeguarding lead, Kingsmead Academy")).ToBeVisibleAsync();
        await Screenshot(page, "account-360");
        await Layout.AssertFitsWidthAsync(page, "the account page scrolls sideways at 360 px");
        await page.SetViewportSizeAsync(1280, 900);
        await Screenshot(page, "account-desktop");

        await page.GetByRole(AriaRole.Link, new() { Name = "Create or revoke tokens for systems that call Attune's API as you" }).ClickAsync();
        await page.GetByLabel("What it is for").FillAsync("Attendance dashboard sync");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Token created" })).ToBeVisibleAsync();
        await Screenshot(page, "tokens-desktop");
        await page.SetViewportSizeAsync(360, 800);
        await Screenshot(page, "tokens-360");
        await Layout.AssertFitsWidthAsync(page, "the tokens page scrolls sideways at 360 px");
    }

    [Fact]
    public async Task A_teacher_on_a_phone_sees_their_pupils_and_not_another_school()
    {
        var page = await fixture.NewPageAsync(360, 800);
        await new SignInPage(page).SignInAsync("teacher@kingsmead.example");
        await Screenshot(page, "pupil-search-360");

        await page.GetByLabel("Name or UPN").FillAsync("e");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("pupils? found") })).ToBeVisibleAsync();
        await Layout.AssertFitsWidthAsync(page, "search results scroll sideways at 360 px");

        var response = await page.GotoAsync($"/pupils/{Guid.NewGuid()}");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_school_administrator_reaches_settings_and_staff_at_both_widths()
    {
        var page = await fixture.NewPageAsync(1280);
        await new SignInPage(page).SignInAsync("admin@kingsmead.example");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Administration" })).ToBeVisibleAsync();
        await Screenshot(page, "admin-desktop");

        await page.GetByRole(AriaRole.Link, new() { Name = "School settings for Kingsmead Academy" }).ClickAsync();
        await page.GetByLabel("Sign staff out after this many idle minutes").FillAsync("200");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Idle minutes must be a whole number from 5 to 120");
        await Screenshot(page, "school-settings-error-desktop");
        await page.SetViewportSizeAsync(360, 800);
        await Screenshot(page, "school-settings-error-360");
        await Layout.AssertFitsWidthAsync(page, "school settings scroll sideways at 360 px");

        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Term dates for Kingsmead Academy" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Term dates" })).ToBeVisibleAsync();
        await Screenshot(page, "term-dates-360");
        await Layout.AssertFitsWidthAsync(page, "term dates scroll sideways at 360 px");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Change") }).First.ClickAsync();
        await page.GetByLabel("Last day of term 1").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save term dates" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter the date the Autumn term ends");
        await Screenshot(page, "term-dates-error-360");
        await Layout.AssertFitsWidthAsync(page, "the term dates form scrolls sideways at 360 px");
        await page.SetViewportSizeAsync(1280, 900);
        await Screenshot(page, "term-dates-error-desktop");
        await page.SetViewportSizeAsync(360, 800);

        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Staff accounts and roles for Kingsmead Academy" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Helen Brooks" })).ToBeVisibleAsync();
        await Screenshot(page, "staff-360");
        await page.GetByRole(AriaRole.Link, new() { Name = "Helen Brooks" }).ClickAsync();
        await Screenshot(page, "staff-member-360");
        await Layout.AssertFitsWidthAsync(page, "a staff member's page scrolls sideways at 360 px");
        await page.SetViewportSizeAsync(1280, 900);
        await Screenshot(page, "staff-member-desktop");

        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Import pupils into Kingsmead Academy" }).ClickAsync();
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "pupils.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("UPN,Forename,Surname,DOB,Year\nA123,Amelia,Ashworth,2014-03-02,7\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("is not a valid UPN");
        await Screenshot(page, "import-problems-desktop");
        await page.SetViewportSizeAsync(360, 800);
        await Screenshot(page, "import-problems-360");
        await Layout.AssertFitsWidthAsync(page, "the import page scrolls sideways at 360 px");
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_from_the_emailed_link_and_the_change_is_notified()
    {
        const string email = "pastoral.lead@hollybrook.example";
        const string newPassword = "quiet orchard lighthouse";
        var page = await fixture.NewPageAsync(360, 800);
        await page.GotoAsync("/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgotten your password?" }).ClickAsync();
        await Screenshot(page, "forgotten-password-360");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
        await Screenshot(page, "check-your-email-360");
        await Layout.AssertFitsWidthAsync(page, "the check-your-email page scrolls sideways at 360 px");

        var link = await Mailbox.WaitForLinkAsync(fixture.Server.MailDirectory, email, "/sign-in/reset-password?");
        await page.GotoAsync(link);
        Assert.EndsWith("/sign-in/reset-password", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel("Type the new password again").FillAsync("not the same at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("The two passwords are not the same");
        await Screenshot(page, "reset-password-error-360");
        await Layout.AssertFitsWidthAsync(page, "the reset page scrolls sideways at 360 px");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel("Type the new password again").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your password has been changed")).ToBeVisibleAsync();

        await new SignInPage(page).SignInAsync(email, newPassword);
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Notifications") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Your Attune password was reset with a link sent by email" })).ToBeVisibleAsync();
        await Screenshot(page, "notifications-360");
        await Layout.AssertFitsWidthAsync(page, "notifications scroll sideways at 360 px");
        await page.SetViewportSizeAsync(1280, 900);
        await Screenshot(page, "notifications-desktop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark all as read" }).ClickAsync();
        await Assertions.Expect(page.GetByText("You have no unread notifications.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_sign_in_page_explains_errors_and_works_at_phone_width()
    {
        var page = await fixture.NewPageAsync(360, 800);
        await page.GotoAsync("/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter your email address");
        await page.GetByRole(AriaRole.Link, new() { Name = "Enter your password" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
        await Screenshot(page, "sign-in-errors-360");
        await Layout.AssertFitsWidthAsync(page, "the sign-in page scrolls sideways at 360 px");
    }

    [Fact]
    public async Task Editing_an_audit_row_in_the_sqlite_file_makes_audit_verify_fail()
    {
        // Run last in its own server so the shared one keeps serving the other journeys.
        await using var server = new AttuneServer();
        await server.StartAsync();
        Assert.Contains("attune-demo-password", server.Output, StringComparison.Ordinal);
        await server.StopAsync();
        Assert.Equal(0, (await server.RunCommandAsync("audit", "verify")).ExitCode);

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "attune.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE AuditEntries SET RecordId = 'forged' WHERE Sequence = 42";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var (exitCode, output) = await server.RunCommandAsync("audit", "verify");
        Assert.Equal(1, exitCode);
        Assert.Contains("BROKEN at entry 42", output, StringComparison.Ordinal);
    }

    private static async Task<string> FirstPupilNameAsync(IPage page, string query)
    {
        await page.GetByLabel("Name or UPN").FillAsync(query);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        return (await page.Locator(".attune-search-results tbody a").First.InnerTextAsync()).Trim();
    }

    [Fact]
    public async Task Script_and_markup_stored_in_records_show_as_text_and_never_run()
    {
        const string imgPayload = "<img src=x onerror=\"window.__xss=1\">";
        const string scriptPayload = "<script>window.__xss=2</script>";
        const string svgPayload = "\"><svg onload=window.__xss=3>";
        var upn = Attune.Features.Pupils.Upn.Create(933, 7012, 2020, 1);

        var admin = await fixture.NewPageAsync(1280);
        var ran = false;
        admin.Dialog += (_, dialog) => { ran = true; _ = dialog.DismissAsync(); };
        await new SignInPage(admin).SignInAsync("admin@hollybrook.example");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Import pupils into Hollybrook School" }).ClickAsync();
        await admin.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "pupils.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes($"UPN,Forename,Surname,Known as,DOB,Year\n{upn},\"{imgPayload.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{scriptPayload},\"{svgPayload.Replace("\"", "\"\"", StringComparison.Ordinal)}\",2015-01-01,5\n"),
        });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Import pupils" }).ClickAsync();
        await Assertions.Expect(admin.Locator("main")).ToContainTextAsync("1 new pupil added");
        await admin.GotoAsync("/account/tokens");
        await admin.GetByLabel("What it is for").FillAsync(scriptPayload);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await admin.GotoAsync("/account/tokens");
        await Assertions.Expect(admin.Locator("main")).ToContainTextAsync(scriptPayload);
        await AssertNothingRanAsync(admin, ran);

        var dsl = await fixture.NewPageAsync(1280);
        dsl.Dialog += (_, dialog) => { ran = true; _ = dialog.DismissAsync(); };
        await new SignInPage(dsl).SignInAsync("dsl@hollybrook.example");
        await dsl.GetByLabel("Name or UPN").FillAsync(upn);
        await dsl.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(dsl.Locator("main")).ToContainTextAsync(svgPayload);
        await AssertNothingRanAsync(dsl, ran);
        await dsl.Locator("main table a[href^='/pupils/']").First.ClickAsync();
        await Assertions.Expect(dsl.Locator("main")).ToContainTextAsync(imgPayload);
        await Assertions.Expect(dsl.Locator("main")).ToContainTextAsync(scriptPayload);
        await AssertNothingRanAsync(dsl, ran);
        await Screenshot(dsl, "hostile-names-overview-desktop");
        await dsl.SetViewportSizeAsync(360, 800);
        await Screenshot(dsl, "hostile-names-overview-360");
        await Layout.AssertFitsWidthAsync(dsl, "a pupil overview with long hostile names scrolls sideways at 360 px");
        await dsl.GetByRole(AriaRole.Link, new() { Name = "Who has viewed or changed these records" }).ClickAsync();
        await Assertions.Expect(dsl.GetByRole(AriaRole.Table)).ToContainTextAsync("Viewed the pupil overview");
        await AssertNothingRanAsync(dsl, ran);
    }

    private static async Task AssertNothingRanAsync(IPage page, bool dialogShown)
    {
        Assert.False(dialogShown, $"a dialog opened on {page.Url}");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), $"injected script ran on {page.Url}");
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
}
