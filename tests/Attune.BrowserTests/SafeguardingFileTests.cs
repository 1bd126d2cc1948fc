using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Attune.BrowserTests;

/// <summary>Emergency access from a pupil's page, and sending a child protection file, in a real browser at a desk and on a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SafeguardingFileTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_pastoral_lead_opens_emergency_access_and_a_DSL_seals_a_file_for_the_new_school()
    {
        var phone = await fixture.NewPageAsync(360, 800);
        await new SignInPage(phone).SignInAsync("pastoral.lead@kingsmead.example");
        await phone.GotoAsync("/pupils");
        await phone.GetByLabel("Name or UPN", new() { Exact = false }).First.FillAsync("a");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await phone.Locator("main a[href^='/pupils/']").First.ClickAsync();
        await phone.GetByRole(AriaRole.Link, new() { Name = "Emergency access to safeguarding records" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Emergency access to safeguarding records" })).ToBeVisibleAsync();
        await phone.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Open the records") }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Alert)).ToContainTextAsync("Say why you need these records now");
        await Screenshot(phone, "emergency-access-360");
        await Layout.AssertFitsWidthAsync(phone, "the emergency access form scrolls sideways at 360 px");
        await phone.GetByLabel("Why you need these records now").FillAsync("Police at reception asking about known concerns; the DSL and deputies are all on a course.");
        await phone.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Open the records") }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("events?") })).ToBeVisibleAsync();

        var desk = await fixture.NewPageAsync(1280);
        await new SignInPage(desk).SignInAsync("dsl@kingsmead.example");
        await desk.GotoAsync("/safeguarding/emergency-access");
        await Assertions.Expect(desk.GetByText("Police at reception asking about known concerns", new() { Exact = false })).ToBeVisibleAsync();
        await Screenshot(desk, "emergency-access-log-desktop");

        await desk.GotoAsync("/safeguarding");
        await desk.GetByRole(AriaRole.Row).Filter(new() { HasText = "Emotional abuse" }).First.GetByRole(AriaRole.Link).ClickAsync();
        await desk.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Chronology") }).First.ClickAsync();
        await desk.GetByRole(AriaRole.Link, new() { Name = "Link or unlink pupils" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Linked pupils" })).ToBeVisibleAsync();
        await Screenshot(desk, "linked-pupils-desktop");
        await desk.SetViewportSizeAsync(360, 800);
        await Screenshot(desk, "linked-pupils-360");
        await Layout.AssertFitsWidthAsync(desk, "the linked pupils page scrolls sideways at 360 px");
        await desk.SetViewportSizeAsync(1280, 900);
        await desk.GoBackAsync();
        await desk.GetByRole(AriaRole.Link, new() { Name = "Child protection file transfer" }).ClickAsync();
        await desk.GetByLabel("New school", new() { Exact = true }).FillAsync("Riverside High School");
        await desk.GetByLabel("Sent to", new() { Exact = true }).FillAsync("Sam Patel, DSL");
        await desk.GetByLabel("Secure email").CheckAsync();
        await Screenshot(desk, "transfer-desktop");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Seal the file" }).ClickAsync();
        await Assertions.Expect(desk.GetByLabel("Passphrase")).ToHaveTextAsync(new Regex("^[A-Z0-9]{5}(-[A-Z0-9]{5}){4}$"));
        await Screenshot(desk, "transfer-sealed-desktop");
        await desk.SetViewportSizeAsync(360, 800);
        await Screenshot(desk, "transfer-sealed-360");
        await Layout.AssertFitsWidthAsync(desk, "the sealed file page scrolls sideways at 360 px");
        await desk.SetViewportSizeAsync(1280, 900);
        await desk.GotoAsync("/safeguarding");
        await desk.GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Safeguarding settings" })).ToBeVisibleAsync();
        await Screenshot(desk, "safeguarding-settings-desktop");
        await desk.SetViewportSizeAsync(360, 800);
        await Screenshot(desk, "safeguarding-settings-360");
        await Layout.AssertFitsWidthAsync(desk, "the settings page scrolls sideways at 360 px");
        await desk.GotoAsync("/safeguarding/transfers/import");
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Import a child protection file" })).ToBeVisibleAsync();
        await Screenshot(desk, "transfer-import-360");
        await Layout.AssertFitsWidthAsync(desk, "the import page scrolls sideways at 360 px");
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
}
