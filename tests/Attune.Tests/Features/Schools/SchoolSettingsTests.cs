using System.Net;
using Attune.Features.Demo;
using Attune.Features.Schools;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Features.Schools;

public sealed class SchoolSettingsTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_administrator_changes_the_idle_timeout_and_a_stale_edit_is_refused_with_what_changed(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var admin = await StaffSession.SignInAsync(app, "admin@kingsmead.example");
        var path = $"/admin/schools/{school.Id}/settings";

        var saved = await admin.PostFormAsync(path, Form(school, idle: 20));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(20, (await app.SchoolAsync(DemoSchools.Kingsmead)).IdleTimeoutMinutes);

        // A second edit made from the page as it was before the first save.
        var stale = await admin.PostFormAsync(path, Form(school, idle: 45));

        var page = await stale.Content.ReadAsStringAsync();
        Assert.Contains("Someone else changed these settings", page, StringComparison.Ordinal);
        Assert.Contains("Idle minutes: now \u201c20\u201d (you entered \u201c45\u201d)", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Equal(20, (await app.SchoolAsync(DemoSchools.Kingsmead)).IdleTimeoutMinutes);
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_changes_nothing()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var admin = await StaffSession.SignInAsync(app, "admin@kingsmead.example");

        var response = await admin.PostFormAsync($"/admin/schools/{school.Id}/settings", Form(school, idle: 500, registerMinutes: "45", morning: "25:99"));

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<a href=\"#Input_IdleTimeoutMinutes\">Idle minutes must be a whole number from 5 to 120</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#Input_RegisterOpenMinutes\">", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#Input_MorningRegisterOpens\">", page, StringComparison.Ordinal);
        var unchanged = await app.SchoolAsync(DemoSchools.Kingsmead);
        Assert.Equal(school.IdleTimeoutMinutes, unchanged.IdleTimeoutMinutes);
        Assert.Equal(school.Version, unchanged.Version);
    }

    [Fact]
    public async Task One_schools_administrator_gets_404_for_another_schools_settings()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var hollybrook = await app.SchoolAsync(DemoSchools.Hollybrook);
        var admin = await StaffSession.SignInAsync(app, "admin@kingsmead.example");

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/schools/{hollybrook.Id}/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/schools/{hollybrook.Id}/staff")).StatusCode);
    }

    [Fact]
    public async Task Staff_without_an_administration_role_cannot_open_administration()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var dsl = await StaffSession.SignInAsync(app, "dsl@kingsmead.example");

        foreach (var path in new[] { "/admin", $"/admin/schools/{school.Id}/settings", $"/admin/schools/{school.Id}/staff" })
        {
            var response = await dsl.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/access-denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    private static Dictionary<string, string> Form(School school, int idle, string registerMinutes = "15", string morning = "08:40") => new()
    {
        ["Input.Version"] = school.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Input.Name"] = school.Name,
        ["Input.Urn"] = school.Urn,
        ["Input.Phase"] = school.Phase.ToString(),
        ["Input.KeyStageList"] = "KS3",
        ["Input.MorningRegisterOpens"] = morning,
        ["Input.AfternoonRegisterOpens"] = "13:20",
        ["Input.RegisterOpenMinutes"] = registerMinutes,
        ["Input.IdleTimeoutMinutes"] = idle.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
