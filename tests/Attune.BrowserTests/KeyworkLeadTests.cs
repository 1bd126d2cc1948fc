using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Attune.BrowserTests;

/// <summary>A pastoral lead's keywork pages in a browser: the supervision register, pupil voice, Preparation for Adulthood and the keywork settings.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyworkLeadTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_pastoral_lead_puts_a_pupil_under_supervision_records_their_voice_and_a_goal_and_keeps_the_settings()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var desk = await fixture.NewPageAsync(1280);
        await new SignInPage(desk).SignInAsync("pastoral.lead@kingsmead.example");
        await desk.GotoAsync("/keywork/caseloads");
        // The first pupil on Aisha Rahman's (Key Stage 4) caseload: old enough for Preparation for Adulthood.
        var pupilLink = desk.Locator("ul.attune-chosen a[href$='/keyworkers']").First;
        var pupilPath = Regex.Replace((await pupilLink.GetAttributeAsync("href"))!, "/keyworkers$", "");

        // The supervision register: add a Year 10 or 11 pupil, with a daily check-in by their keyworker.
        await desk.GotoAsync(pupilPath + "/supervision");
        await desk.GetByLabel("Risk of self-harm").CheckAsync();
        await desk.GetByLabel("Supervision plan").FillAsync($"Not alone in toilets at break; bag check on arrival ({marker}).");
        await desk.GetByLabel("Every school day").CheckAsync();
        await desk.GetByLabel("Who checks in").SelectOptionAsync(new SelectOptionValue { Label = "Aisha Rahman" });
        await desk.GetByRole(AriaRole.Button, new() { Name = "Add to the register" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Added to the supervision register.");
        await Screenshot(desk, "keywork-supervision-desktop");
        await desk.GotoAsync("/keywork/supervision");
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Supervision register" })).ToBeVisibleAsync();
        await Screenshot(desk, "keywork-supervision-register-desktop");

        // Pupil voice, and a Preparation for Adulthood goal with progress.
        await desk.GotoAsync(pupilPath + "/voice");
        await desk.GetByLabel("Their views").FillAsync($"I want to go to college and do bricklaying ({marker}).");
        await desk.GetByLabel("For (optional)").FillAsync("Annual review");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Record their views" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("The pupil’s views are recorded.");
        await Screenshot(desk, "keywork-voice-desktop");
        await desk.GotoAsync(pupilPath + "/adulthood");
        await desk.GetByLabel("Employment or higher education").CheckAsync();
        await desk.GetByLabel("Goal", new() { Exact = true }).FillAsync($"I want to do a bricklaying course ({marker}).");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Add goal" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Goal added.");
        await desk.GetByLabel("Progress").First.FillAsync("College open evening booked.");
        await desk.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Record progress") }).First.ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Progress recorded.");
        await Screenshot(desk, "keywork-adulthood-desktop");

        // The school's keywork settings.
        await desk.GotoAsync("/keywork/caseloads");
        await desk.GetByRole(AriaRole.Link, new() { Name = "Keywork settings" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Keywork settings" })).ToBeVisibleAsync();
        await Screenshot(desk, "keywork-settings-desktop");

        await desk.SetViewportSizeAsync(360, 800);
        foreach (var (path, name) in new[]
        {
            (pupilPath + "/supervision", "keywork-supervision-360"), ("/keywork/supervision", "keywork-supervision-register-360"),
            (pupilPath + "/voice", "keywork-voice-360"), (pupilPath + "/adulthood", "keywork-adulthood-360"), (desk.Url, "keywork-settings-360"),
        })
        {
            await desk.GotoAsync(path);
            await Screenshot(desk, name);
            await Layout.AssertFitsWidthAsync(desk, $"{path} scrolls sideways at 360 px");
        }
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
}
