using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Attune.BrowserTests;

/// <summary>
/// An incident with a physical intervention, recorded on a phone by a keyworker straight after it happened, and the
/// pastoral lead at a desk who is prompted to review it and does.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IncidentJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_keyworker_records_a_physical_intervention_on_a_phone_and_the_pastoral_lead_is_prompted_to_review_it()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var phone = await fixture.NewPageAsync(360, 800);
        await new SignInPage(phone).SignInAsync("pso.ks4@kingsmead.example");
        await phone.GotoAsync("/keywork");
        var pupilLink = phone.Locator("table a[href$='/keywork']").First;
        var pupilPath = Regex.Replace((await pupilLink.GetAttributeAsync("href"))!, "/keywork$", "");

        await phone.GotoAsync(pupilPath + "/incidents");
        await Screenshot(phone, "incidents-pupil-empty-360");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Record an incident" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Record an incident" })).ToBeVisibleAsync();
        await Layout.AssertFitsWidthAsync(phone, "the incident form scrolls sideways at 360 px");

        // Yesterday, so the time is never later than now whatever the hour the test runs.
        var yesterday = DateTime.Now.AddDays(-1).ToString("yyyy-MM-dd");
        await phone.Locator("#OccurredOn").FillAsync(yesterday);
        await phone.Locator("#OccurredAt").FillAsync("10:00");
        await phone.Locator("#Location").SelectOptionAsync(new SelectOptionValue { Label = "Corridor" });
        await phone.Locator("#Period").SelectOptionAsync(new SelectOptionValue { Label = "Moving between lessons" });
        await phone.Locator("#Type").SelectOptionAsync(new SelectOptionValue { Label = "Leaving the room or site" });
        await phone.GetByLabel("High", new() { Exact = true }).CheckAsync();
        await phone.GetByLabel("What happened", new() { Exact = true }).FillAsync($"Ran out of the classroom towards the main gate ({marker}).");
        await phone.Locator("#Force-yes").CheckAsync();
        await phone.Locator("#InterventionTechnique").SelectOptionAsync(new SelectOptionValue { Label = "Friendly escort" });
        await phone.Locator("#InterventionStaffIds").SelectOptionAsync(new SelectOptionValue { Label = "Aisha Rahman" });
        await phone.Locator("#InterventionStartedAt").FillAsync("10:02");
        await phone.Locator("#InterventionEndedAt").FillAsync("10:05");
        await phone.Locator("#InterventionReason").FillAsync("Heading for the road; talking and offering the calm room had not worked.");
        await phone.Locator("#InterventionParentsInformedSameDay").CheckAsync();
        await phone.Locator("#ParentsInformed").CheckAsync();
        await Screenshot(phone, "incidents-record-360");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Record incident" }).ClickAsync();

        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("asked to review the physical intervention");
        await Assertions.Expect(phone.GetByText("Awaiting review by a pastoral lead")).ToBeVisibleAsync();
        var incidentPath = new Uri(phone.Url).AbsolutePath;
        await Screenshot(phone, "incidents-details-360");
        await Layout.AssertFitsWidthAsync(phone, "the incident scrolls sideways at 360 px");

        // The pastoral lead is prompted, on the incident and in the list, and reviews it.
        var desk = await fixture.NewPageAsync(1280);
        await new SignInPage(desk).SignInAsync("pastoral.lead@kingsmead.example");
        await desk.GotoAsync("/incidents");
        await Assertions.Expect(desk.GetByText(new Regex("awaiting review"))).Not.ToHaveCountAsync(0);
        await Screenshot(desk, "incidents-index-desktop");
        await desk.GotoAsync(incidentPath);
        await Assertions.Expect(desk.GetByText("A physical intervention was used and needs your review.")).ToBeVisibleAsync();
        await Screenshot(desk, "incidents-review-prompt-desktop");
        await desk.GetByLabel("Your review").FillAsync("Reasonable and necessary. Debrief with the pupil tomorrow; review the risk assessment.");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Review recorded.");
        await Assertions.Expect(desk.GetByText("A physical intervention was used and needs your review.")).ToHaveCountAsync(0);

        // From the incident: tell the pupil's teachers what they need to know, and add the pupil's debrief later.
        await desk.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^What staff need to know about") }).First.ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "What staff need to know" })).ToBeVisibleAsync();
        await Screenshot(desk, "incidents-briefing-desktop");
        var briefingPath = new Uri(desk.Url).PathAndQuery;
        await desk.GotoAsync(incidentPath);
        await desk.GetByRole(AriaRole.Link, new() { Name = "Correct or add to this incident" }).ClickAsync();
        await desk.GetByLabel("Debrief with the pupil").FillAsync("Talked it through the next morning; the fire alarm test had unsettled them.");
        await Screenshot(desk, "incidents-correct-desktop");
        var correctPath = new Uri(desk.Url).AbsolutePath;
        await desk.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Incident corrected.");
        await Assertions.Expect(desk.GetByText("Debrief with the pupil added by Gareth Lloyd", new() { Exact = false })).ToBeVisibleAsync();

        await desk.GotoAsync("/incidents/interventions");
        await Assertions.Expect(desk.GetByRole(AriaRole.Cell, new() { Name = "Friendly escort" }).First).ToBeVisibleAsync();
        await Screenshot(desk, "incidents-interventions-desktop");
        await desk.GotoAsync(pupilPath + "/incidents");
        await Screenshot(desk, "incidents-pupil-desktop");
        await desk.GotoAsync("/incidents");
        var settingsPath = await desk.Locator("a[href^='/incidents/settings/']").First.GetAttributeAsync("href");
        await desk.GotoAsync("/incidents/trends?weeks=52");
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Where and when incidents cluster" })).ToBeVisibleAsync();
        await Screenshot(desk, "incidents-trends-desktop");
        await desk.GotoAsync(settingsPath!);
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Alert rules" })).ToBeVisibleAsync();
        await Screenshot(desk, "incidents-settings-desktop");

        await desk.SetViewportSizeAsync(360, 800);
        foreach (var (path, name) in new[] { ("/incidents", "incidents-index-360"), ("/incidents/interventions", "incidents-interventions-360"), ("/incidents/trends?weeks=52", "incidents-trends-360"), (settingsPath!, "incidents-settings-360"),
            (briefingPath, "incidents-briefing-360"), (correctPath, "incidents-correct-360") })
        {
            await desk.GotoAsync(path);
            await Screenshot(desk, name);
            await Layout.AssertFitsWidthAsync(desk, $"{path} scrolls sideways at 360 px");
        }

        await desk.GotoAsync(pupilPath + "/incidents");
        await Screenshot(desk, "incidents-pupil-360");
        await Layout.AssertFitsWidthAsync(desk, "a pupil's incidents scroll sideways at 360 px");
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
}
