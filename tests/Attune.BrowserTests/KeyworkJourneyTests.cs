using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Attune.BrowserTests;

/// <summary>A keyworker's day on a phone: the caseload, a session, a passport update and a check-in; then the pastoral lead's and a teacher's views.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyworkJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_keyworker_records_a_session_reviews_plans_and_updates_a_risk_assessment_on_a_phone()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var phone = await fixture.NewPageAsync(360, 800);
        await new SignInPage(phone).SignInAsync("pso.ks4@kingsmead.example");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Keywork", Exact = true }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "My caseload" })).ToBeVisibleAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "My week" })).ToBeVisibleAsync();
        await Screenshot(phone, "keywork-caseload-360");
        await Layout.AssertFitsWidthAsync(phone, "my caseload scrolls sideways at 360 px");

        // The first pupil needing attention.
        var first = phone.Locator("table a[href$='/keywork']").First;
        var pupilName = (await first.TextContentAsync())!.Trim();
        await first.ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Sessions and check-ins" })).ToBeVisibleAsync();

        await phone.GetByRole(AriaRole.Link, new() { Name = "Record a session" }).ClickAsync();
        await phone.GetByLabel("Minutes").FillAsync("35");
        await phone.GetByLabel("Anxiety").CheckAsync();
        await phone.GetByLabel("What was discussed").FillAsync($"Worries about mock exams ({marker}).");
        await phone.GetByLabel("The pupil’s words (optional)").FillAsync("If I fail I’ll let everyone down.");
        await phone.GetByLabel("Next steps (optional)").FillAsync("Agree a revision plan with the form tutor.");
        await Screenshot(phone, "keywork-session-form-360");
        await Layout.AssertFitsWidthAsync(phone, "the session form scrolls sideways at 360 px");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Save session" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Session recorded.");
        await Assertions.Expect(phone.GetByText($"Worries about mock exams ({marker}).")).ToBeVisibleAsync();

        // A quick check-in from the same page.
        await phone.GetByText("Quick wellbeing check-in").ClickAsync();
        await phone.GetByLabel("4, good").CheckAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "Record check-in" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Check-in recorded: 4, good.");
        await Screenshot(phone, "keywork-sessions-360");
        await Layout.AssertFitsWidthAsync(phone, "the sessions page scrolls sideways at 360 px");

        // The passport: reviewed with the pupil and saved as a new version.
        await phone.GetByRole(AriaRole.Navigation, new() { Name = "Keywork for this pupil" }).GetByRole(AriaRole.Link, new() { Name = "Passport" }).ClickAsync();
        await phone.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^(Write|Update) the passport$") }).ClickAsync();
        await phone.GetByLabel("What helps me").FillAsync($"Sitting near the door; a quiet word, never in front of the class ({marker}).");
        await phone.GetByLabel("What changed (optional)").FillAsync("Reviewed with the pupil before mocks.");
        await Screenshot(phone, "keywork-passport-edit-360");
        await Layout.AssertFitsWidthAsync(phone, "the passport form scrolls sideways at 360 px");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Save passport" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Passport saved as version");
        await Assertions.Expect(phone.GetByText($"never in front of the class ({marker})")).ToBeVisibleAsync();
        await Screenshot(phone, "keywork-passport-360");
        await Layout.AssertFitsWidthAsync(phone, "the passport scrolls sideways at 360 px");

        await phone.GetByRole(AriaRole.Link, new() { Name = "What teaching staff see" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = pupilName })).ToBeVisibleAsync();
        await Assertions.Expect(phone.GetByText($"never in front of the class ({marker})")).ToBeVisibleAsync();
        await Screenshot(phone, "keywork-need-to-know-360");
        await Layout.AssertFitsWidthAsync(phone, "the need-to-know passport scrolls sideways at 360 px");

        // The regulation plan: what adults do when the pupil is escalating.
        await phone.GetByRole(AriaRole.Navigation, new() { Name = "Keywork for this pupil" }).GetByRole(AriaRole.Link, new() { Name = "Regulation plan" }).ClickAsync();
        await phone.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^(Write the regulation plan|Update the plan)$") }).ClickAsync();
        await phone.Locator("textarea[name='looksLike-2']").FillAsync("Hood up, pacing, short answers.");
        await phone.Locator("textarea[name='adultsDo-2']").FillAsync($"Fewer words; offer the time-out card; one adult nearby ({marker}).");
        await Screenshot(phone, "keywork-regulation-edit-360");
        await Layout.AssertFitsWidthAsync(phone, "the regulation plan form scrolls sideways at 360 px");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Save regulation plan" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Regulation plan saved as version");
        await Assertions.Expect(phone.GetByText($"one adult nearby ({marker})")).ToBeVisibleAsync();
        await Screenshot(phone, "keywork-regulation-360");
        await Layout.AssertFitsWidthAsync(phone, "the regulation plan scrolls sideways at 360 px");

        // A risk assessment written, then reviewed: each save a version that awaits a pastoral lead's sign-off.
        await phone.GetByRole(AriaRole.Navigation, new() { Name = "Keywork for this pupil" }).GetByRole(AriaRole.Link, new() { Name = "Risk assessments" }).ClickAsync();
        await phone.GetByRole(AriaRole.Link, new() { Name = "Write a risk assessment" }).ClickAsync();
        await phone.GetByLabel("What is it about").SelectOptionAsync(new SelectOptionValue { Label = "Absconding" });
        await phone.GetByLabel("Title").FillAsync($"Leaving lessons ({marker})");
        await phone.GetByLabel("The hazard").FillAsync("Walks out of class when overwhelmed and leaves the building.");
        await phone.GetByLabel("Likelihood", new() { Exact = true }).SelectOptionAsync("4");
        await phone.GetByLabel("Severity", new() { Exact = true }).SelectOptionAsync("3");
        await phone.GetByLabel("Control measures").FillAsync("Time-out card to the pastoral room; staff radio pastoral if the pupil leaves.");
        await phone.GetByLabel("Likelihood with controls").SelectOptionAsync("2");
        await phone.GetByLabel("Severity with controls").SelectOptionAsync("3");
        await Screenshot(phone, "keywork-risk-new-360");
        await Layout.AssertFitsWidthAsync(phone, "the risk assessment form scrolls sideways at 360 px");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Save risk assessment" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Risk assessment saved as version 1");
        await Assertions.Expect(phone.GetByText("Version 1 awaits sign-off")).ToBeVisibleAsync();
        await phone.GetByRole(AriaRole.Link, new() { Name = "Review and update" }).ClickAsync();
        await phone.GetByLabel("Likelihood with controls").SelectOptionAsync("1");
        await phone.GetByLabel("What changed at this review (optional)").FillAsync("No walk-outs for three weeks.");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Save risk assessment" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Risk assessment saved as version 2");
        await Assertions.Expect(phone.GetByText("Residual risk: low")).ToBeVisibleAsync();
        await Screenshot(phone, "keywork-risk-360");
        await Layout.AssertFitsWidthAsync(phone, "the risk assessment scrolls sideways at 360 px");

        // A support plan started, then reviewed target by target.
        await phone.GetByRole(AriaRole.Navigation, new() { Name = "Keywork for this pupil" }).GetByRole(AriaRole.Link, new() { Name = "Support plans" }).ClickAsync();
        await phone.GetByRole(AriaRole.Link, new() { Name = "Start a support plan" }).ClickAsync();
        await phone.GetByLabel("Title").FillAsync($"Back to lessons ({marker})");
        await phone.GetByLabel("Identified needs").FillAsync("Anxious in busy lessons; walks out.");
        await phone.GetByLabel("The target").FillAsync("Stay in every science lesson");
        await phone.GetByLabel("How we will know").FillAsync("No walk-outs logged by the science department");
        await phone.GetByLabel("What", new() { Exact = true }).FillAsync("Seat by the door and a time-out card");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Save support plan" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Support plan saved as version 1");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Review the plan" }).ClickAsync();
        await phone.GetByLabel("Outcome").SelectOptionAsync(new SelectOptionValue { Label = "Partly met" });
        await phone.GetByLabel("Evidence (needed once reviewed)").FillAsync("One walk-out in four weeks, down from four.");
        await phone.GetByLabel("Review notes (optional)").FillAsync("Reviewed with the pupil; keep the card.");
        await Screenshot(phone, "keywork-plan-review-360");
        await Layout.AssertFitsWidthAsync(phone, "the plan review scrolls sideways at 360 px");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Save support plan" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Support plan saved as version 2");
        await Assertions.Expect(phone.GetByText("Partly met").First).ToBeVisibleAsync();
        await Screenshot(phone, "keywork-plan-360");
        await Layout.AssertFitsWidthAsync(phone, "the support plan scrolls sideways at 360 px");

        // The pastoral lead at a desk: every caseload, the passport's versions and the keyworker page.
        var desk = await fixture.NewPageAsync(1280);
        await new SignInPage(desk).SignInAsync("pastoral.lead@kingsmead.example");
        await desk.GotoAsync("/keywork/caseloads");
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Aisha Rahman" })).ToBeVisibleAsync();
        await Screenshot(desk, "keywork-caseloads-desktop");
        var pupilLink = desk.GetByRole(AriaRole.Link, new() { Name = pupilName, Exact = true }).First;
        var keyworkersPath = new Uri(new Uri("http://x"), await pupilLink.GetAttributeAsync("href")).AbsolutePath;
        await pupilLink.ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Keyworkers" })).ToBeVisibleAsync();
        await Screenshot(desk, "keywork-keyworkers-desktop");
        var pupilPath = keyworkersPath[..^"/keyworkers".Length];
        await desk.GotoAsync(pupilPath + "/passport/history");
        await Assertions.Expect(desk.GetByText("Reviewed with the pupil before mocks.")).ToBeVisibleAsync();
        await Screenshot(desk, "keywork-passport-history-desktop");
        await desk.GotoAsync(pupilPath + "/passport");
        await Screenshot(desk, "keywork-passport-desktop");
        await desk.GotoAsync(pupilPath + "/regulation-plan");
        await Screenshot(desk, "keywork-regulation-desktop");

        // The lead signs off the reviewed risk assessment from the list of those awaiting them.
        await desk.GotoAsync("/keywork/caseloads");
        await desk.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape($"Leaving lessons ({marker})")) }).ClickAsync();
        await Screenshot(desk, "keywork-risk-desktop");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Sign off version 2" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Version 2 signed off.");
        await desk.GotoAsync(pupilPath);
        await Screenshot(desk, "pupil-overview-desktop");
        await desk.GotoAsync("/keywork");
        await Screenshot(desk, "keywork-caseload-desktop");

        // A full passport, every part answered at a realistic length, still prints on one A4 page for teaching staff.
        await desk.GotoAsync(pupilPath + "/passport/edit");
        foreach (var box in await desk.Locator("textarea[name]:not([name=ChangeNote])").AllAsync())
        {
            await box.FillAsync("Likes to be greeted by name at the door and given a job to do; finds noisy transitions hard and may leave the room to the agreed space, where an adult checks in within five minutes.");
        }

        await desk.GetByRole(AriaRole.Button, new() { Name = "Save passport" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Passport saved as version");
        await desk.GotoAsync(pupilPath + "/passport/need-to-know");
        await Screenshot(desk, "keywork-need-to-know-desktop");
        var pdf = System.Text.Encoding.Latin1.GetString(await desk.PdfAsync(new() { Format = "A4", PrintBackground = false }));
        Assert.Equal(1, Regex.Count(pdf, @"/Type\s*/Page[^s]"));
        await desk.SetViewportSizeAsync(360, 800);
        await desk.GotoAsync("/keywork/caseloads");
        await Screenshot(desk, "keywork-caseloads-360");
        await Layout.AssertFitsWidthAsync(desk, "the caseloads page scrolls sideways at 360 px");
        await desk.GotoAsync(keyworkersPath);
        await Screenshot(desk, "keywork-keyworkers-360");
        await Layout.AssertFitsWidthAsync(desk, "the keyworkers page scrolls sideways at 360 px");
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
}
