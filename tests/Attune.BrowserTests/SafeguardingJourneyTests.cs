using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Attune.BrowserTests;

/// <summary>A concern from a teacher's phone to the DSL's queue, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SafeguardingJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_teacher_reports_a_concern_on_a_phone_without_losing_a_word_and_the_DSL_opens_it()
    {
        var account = $"Walked in late, quiet, and said nobody was home last night. ({Guid.NewGuid():N})";
        var phone = await fixture.NewPageAsync(360, 800);
        await new SignInPage(phone).SignInAsync("teacher@kingsmead.example");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Report a concern" }).First.ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Report a concern" })).ToBeVisibleAsync();
        await Screenshot(phone, "concern-report-360");
        await Layout.AssertFitsWidthAsync(phone, "the report form scrolls sideways at 360 px");

        await phone.GetByLabel("No", new() { Exact = true }).CheckAsync();
        await phone.GetByLabel("Find the pupil by name or UPN").FillAsync("a");
        await phone.GetByLabel("Find the pupil by name or UPN").PressAsync("Enter");
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("found");
        var add = phone.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Add ") }).First;
        var pupilName = (await add.TextContentAsync())!.Replace("Add", "", StringComparison.Ordinal).Trim();
        await add.ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Button, new() { Name = "Remove " + pupilName })).ToBeVisibleAsync();
        await Screenshot(phone, "concern-report-pupil-chosen-360");

        // Enter in a one-line field sends nothing; what was typed survives leaving the page (an expired session, a reload).
        await phone.GetByLabel("Where it happened (optional)").FillAsync("Corridor by the library");
        await phone.GetByLabel("Where it happened (optional)").PressAsync("Enter");
        await phone.GetByLabel("What you saw, heard or were told").FillAsync(account);
        await phone.GetByLabel("The child's own words (optional)").FillAsync("Mum didn't come back. I made my own tea.");
        await phone.GotoAsync("/concerns/new");
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("We kept what you had typed");
        await Assertions.Expect(phone.GetByLabel("What you saw, heard or were told")).ToHaveValueAsync(account);
        await phone.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "Neglect" });

        // A mark placed by tapping the outline (the child's right forearm, on the viewer's left), and a photo of a note.
        await phone.GetByText("Injuries or marks: body map (optional)").ClickAsync();
        var map = phone.Locator("svg[data-attune-body-map]");
        var box = (await map.BoundingBoxAsync())!;
        await map.ClickAsync(new() { Position = new Position { X = box.Width * 30 / 340, Y = box.Height * 186 / 398 } });
        await Assertions.Expect(phone.GetByLabel("Where on the body")).ToHaveValueAsync("front-right-forearm");
        await phone.GetByLabel("What you saw there").FillAsync("Three finger-shaped bruises, yellowing");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Add mark" }).ClickAsync();
        await Assertions.Expect(phone.GetByText("1. Right forearm (front)")).ToBeVisibleAsync();
        await Assertions.Expect(phone.GetByLabel("What you saw, heard or were told")).ToHaveValueAsync(account);
        await phone.GetByLabel("Photos or documents (optional)").SetInputFilesAsync(new FilePayload
        {
            Name = "note.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52],
        });
        await Screenshot(phone, "concern-report-body-map-360");
        await Layout.AssertFitsWidthAsync(phone, "the body map scrolls sideways at 360 px");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send to the safeguarding team" }).ClickAsync();

        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Concern received" })).ToBeVisibleAsync();
        await Assertions.Expect(phone.GetByText(pupilName)).ToBeVisibleAsync();
        await Screenshot(phone, "concern-received-360");
        await Layout.AssertFitsWidthAsync(phone, "the receipt scrolls sideways at 360 px");
        await phone.GotoAsync("/concerns/new");
        await Assertions.Expect(phone.GetByLabel("What you saw, heard or were told")).ToHaveValueAsync("");

        var desk = await fixture.NewPageAsync(1280);
        await new SignInPage(desk).SignInAsync("dsl@kingsmead.example");
        await desk.GetByRole(AriaRole.Link, new() { Name = "Safeguarding" }).ClickAsync();
        var row = desk.GetByRole(AriaRole.Row).Filter(new() { HasText = pupilName }).Filter(new() { HasText = "Neglect" }).First;
        await Assertions.Expect(row).ToContainTextAsync("unread");
        await Screenshot(desk, "safeguarding-queue-desktop");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(desk.GetByText(account)).ToBeVisibleAsync();
        await Assertions.Expect(desk.GetByText("Mum didn't come back. I made my own tea.")).ToBeVisibleAsync();
        await Assertions.Expect(desk.GetByText("Corridor by the library", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(desk.GetByText("Three finger-shaped bruises, yellowing")).ToBeVisibleAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Link, new() { Name = "note.png" })).ToBeVisibleAsync();
        await Screenshot(desk, "safeguarding-concern-desktop");
        await desk.SetViewportSizeAsync(360, 800);
        await Screenshot(desk, "safeguarding-concern-360");
        await Layout.AssertFitsWidthAsync(desk, "the concern scrolls sideways at 360 px");
        await desk.GotoAsync("/safeguarding");
        await Screenshot(desk, "safeguarding-queue-360");

        await phone.GotoAsync("/concerns/mine");
        await Assertions.Expect(phone.GetByRole(AriaRole.Row).Filter(new() { HasText = pupilName }).First).ToContainTextAsync("Open");
        await Screenshot(phone, "concerns-mine-360");

        // Triage at a desk, closure on a phone.
        await desk.SetViewportSizeAsync(1280, 900);
        await desk.GotoAsync("/safeguarding");
        await desk.GetByRole(AriaRole.Row).Filter(new() { HasText = pupilName }).Filter(new() { HasText = "Neglect" }).First.GetByRole(AriaRole.Link).ClickAsync();
        await desk.GetByRole(AriaRole.Link, new() { Name = "Record a triage decision" }).ClickAsync();
        await desk.GetByLabel("Early help").CheckAsync();
        await desk.GetByLabel("Decision and what happens next").FillAsync("Early Help assessment offered to the family; tutor to check in each morning.");
        await Screenshot(desk, "safeguarding-decision-desktop");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Save decision" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Triage: Early help" })).ToBeVisibleAsync();
        await desk.GetByRole(AriaRole.Link, new() { Name = "Add an action" }).ClickAsync();
        await desk.GetByLabel("What needs to be done").FillAsync("Ring the family support worker about the Early Help assessment");
        await desk.GetByLabel("Due").FillAsync(DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await desk.GetByRole(AriaRole.Button, new() { Name = "Add action" }).ClickAsync();
        await Assertions.Expect(desk.GetByText("Ring the family support worker about the Early Help assessment", new() { Exact = true })).ToBeVisibleAsync();
        await Screenshot(desk, "safeguarding-concern-actions-desktop");
        await desk.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Mark done") }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Action marked done.");

        // A referral to Early Help, then the pupil's chronology on a phone.
        var concernPath = new Uri(desk.Url).AbsolutePath;
        await desk.GetByRole(AriaRole.Link, new() { Name = "Record a referral" }).ClickAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "Save referral" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Alert)).ToContainTextAsync("Select who the referral was made to");
        await desk.GetByLabel("Early Help").CheckAsync();
        await desk.GetByLabel("Service or team").FillAsync("Family Support Hub");
        await desk.GetByLabel("Date the referral was made").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await desk.GetByLabel("Online form").CheckAsync();
        await desk.GetByLabel("What was shared and what was asked for").FillAsync("Shared the concern with mum's consent; asked for a family support worker.");
        await Screenshot(desk, "safeguarding-referral-desktop");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Save referral" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Early Help: Family Support Hub" })).ToBeVisibleAsync();
        await desk.SetViewportSizeAsync(360, 800);
        await desk.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Chronology") }).First.ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Referral to Early Help: Family Support Hub" })).ToBeVisibleAsync();
        await Screenshot(desk, "safeguarding-chronology-360");
        await Layout.AssertFitsWidthAsync(desk, "the chronology scrolls sideways at 360 px");
        await desk.GotoAsync(concernPath);
        await desk.GetByRole(AriaRole.Link, new() { Name = "Close", Exact = true }).ClickAsync();
        await desk.GetByLabel("Outcome").FillAsync("Family engaged with Early Help; attendance and presentation improved.");
        await desk.GetByLabel("Rationale for closing").FillAsync("Needs met through the Early Help plan, reviewed by the family support worker.");
        await Screenshot(desk, "safeguarding-close-360");
        await Layout.AssertFitsWidthAsync(desk, "the close form scrolls sideways at 360 px");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Close the concern" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Closed" })).ToBeVisibleAsync();
        await Screenshot(desk, "safeguarding-concern-closed-360");

        await phone.GotoAsync("/concerns/mine");
        await Assertions.Expect(phone.GetByRole(AriaRole.Row).Filter(new() { HasText = pupilName }).First).ToContainTextAsync("Closed");

        // The overview: the dashboard and the retention review, at a desk and on a phone.
        foreach (var (path, heading, name) in new[] { ("/safeguarding/dashboard", "Safeguarding dashboard", "safeguarding-dashboard"), ("/safeguarding/retention?by=2040-08-31", "Retention review", "safeguarding-retention") })
        {
            await desk.SetViewportSizeAsync(1280, 900);
            await desk.GotoAsync(path);
            await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
            await Screenshot(desk, name + "-desktop");
            await desk.SetViewportSizeAsync(360, 800);
            await Screenshot(desk, name + "-360");
            await Layout.AssertFitsWidthAsync(desk, $"{path} scrolls sideways at 360 px");
        }
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
}
