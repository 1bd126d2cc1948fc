using System.Net;
using System.Text.RegularExpressions;
using Attune.Features.Demo;
using Attune.Features.Pupils;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Attune.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Features.Staff;

public sealed partial class StaffAdministrationTests
{
    [Fact]
    public async Task A_new_member_of_staff_signs_in_with_the_one_time_password_and_must_set_up_an_authenticator()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var schoolId = (await app.SchoolAsync(DemoSchools.Hollybrook)).Id;
        var admin = await StaffSession.SignInAsync(app, "admin@hollybrook.example");

        var created = await admin.PostFormAsync($"/admin/schools/{schoolId}/staff/new", new()
        {
            ["Name"] = "Robin Ellis",
            ["Email"] = "robin.ellis@hollybrook.example",
            ["JobTitle"] = "Pastoral support officer",
            ["Role"] = "PastoralStaff",
            ["Scope"] = "KS3",
        });
        var page = await created.Content.ReadAsStringAsync();
        Assert.Contains("Account created", page, StringComparison.Ordinal);
        var password = OneTimePassword().Match(page).Value;

        var newcomer = StaffSession.Anonymous(app);
        var afterPassword = await newcomer.SubmitPasswordAsync("robin.ellis@hollybrook.example", password);
        var next = await newcomer.GetAsync(afterPassword.Headers.Location!.OriginalString);
        Assert.StartsWith("/sign-in/set-up-authenticator", next.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_a_role_takes_effect_on_the_next_request()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var schoolId = (await app.SchoolAsync(DemoSchools.Hollybrook)).Id;
        var (userId, assignmentId, pupilId) = await app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var user = await db.Users.SingleAsync(u => u.Email == "pastoral.lead@hollybrook.example");
            var assignment = await db.RoleAssignments.SingleAsync(a => a.UserId == user.Id);
            var pupil = await db.Pupils.FirstAsync(p => p.SchoolId == schoolId);
            return (user.Id, assignment.Id, pupil.Id);
        });
        var lead = await StaffSession.SignInAsync(app, "pastoral.lead@hollybrook.example");
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync($"/pupils/{pupilId}")).StatusCode);
        var admin = await StaffSession.SignInAsync(app, "admin@hollybrook.example");

        await admin.PostFormAsync($"/admin/schools/{schoolId}/staff/{userId}?handler=RemoveRole", new() { ["AssignmentId"] = assignmentId.ToString() }, formPage: $"/admin/schools/{schoolId}/staff/{userId}");

        Assert.NotEqual(HttpStatusCode.OK, (await lead.GetAsync($"/pupils/{pupilId}")).StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_signs_it_out_and_stops_it_signing_in()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var schoolId = (await app.SchoolAsync(DemoSchools.Kingsmead)).Id;
        var userId = await app.UserIdAsync("ta@kingsmead.example");
        var ta = await StaffSession.SignInAsync(app, "ta@kingsmead.example");
        var admin = await StaffSession.SignInAsync(app, "admin@kingsmead.example");

        var response = await admin.PostFormAsync($"/admin/schools/{schoolId}/staff/{userId}?handler=Disable", [], formPage: $"/admin/schools/{schoolId}/staff/{userId}");

        Assert.Contains("Account disabled", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await ta.GetAsync("/pupils")).StatusCode);
        var again = await StaffSession.Anonymous(app).SubmitPasswordAsync("ta@kingsmead.example", DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Resetting_sign_in_gives_a_new_password_and_forces_a_new_authenticator()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var schoolId = (await app.SchoolAsync(DemoSchools.Kingsmead)).Id;
        var userId = await app.UserIdAsync("teacher@kingsmead.example");
        var admin = await StaffSession.SignInAsync(app, "admin@kingsmead.example");

        var response = await admin.PostFormAsync($"/admin/schools/{schoolId}/staff/{userId}?handler=ResetSignIn", [], formPage: $"/admin/schools/{schoolId}/staff/{userId}");
        var password = OneTimePassword().Match(await response.Content.ReadAsStringAsync()).Value;

        Assert.NotEmpty(password);
        var twoFactor = await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<StaffUser>>();
            return await users.GetTwoFactorEnabledAsync((await users.FindByIdAsync(userId.ToString()))!);
        });
        Assert.False(twoFactor);
        var old = await StaffSession.Anonymous(app).SubmitPasswordAsync("teacher@kingsmead.example", DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
    }

    [Fact]
    public async Task Staff_lists_only_show_the_administrators_own_school()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var schoolId = (await app.SchoolAsync(DemoSchools.Kingsmead)).Id;
        var admin = await StaffSession.SignInAsync(app, "admin@kingsmead.example");

        var page = await admin.GetPageAsync($"/admin/schools/{schoolId}/staff");

        Assert.Contains("Helen Brooks", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Marcus Reid", page, StringComparison.Ordinal);
    }

    [GeneratedRegex("[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}")]
    private static partial Regex OneTimePassword();
}
