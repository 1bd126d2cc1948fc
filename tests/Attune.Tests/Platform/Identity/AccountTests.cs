using System.Net;
using Attune.Features.Demo;
using Attune.Platform.Data;
using Attune.Tests.Support;

namespace Attune.Tests.Platform.Identity;

public sealed class AccountTests
{
    [Fact]
    public async Task Changing_your_password_keeps_you_signed_in_and_signs_out_everywhere_else()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var laptop = await StaffSession.SignInAsync(app, "pastoral.lead@kingsmead.example");
        var phone = await StaffSession.SignInAsync(app, "pastoral.lead@kingsmead.example");
        Assert.Contains("1 other session", await laptop.GetPageAsync("/account"), StringComparison.Ordinal);

        var response = await laptop.PostFormAsync("/account?handler=ChangePassword", new()
        {
            ["CurrentPassword"] = DemoSeeder.Password,
            ["NewPassword"] = "copper lantern meadow",
            ["ConfirmPassword"] = "copper lantern meadow",
        }, formPage: "/account");

        Assert.Contains("Your password has been changed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/pupils")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/pupils")).StatusCode);
        Assert.Contains("Your Attune password was changed", await laptop.GetPageAsync("/notifications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_common_new_password_is_refused_with_the_reason_beside_the_field()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var session = await StaffSession.SignInAsync(app, "pastoral.lead@kingsmead.example");

        var response = await session.PostFormAsync("/account?handler=ChangePassword", new()
        {
            ["CurrentPassword"] = DemoSeeder.Password,
            ["NewPassword"] = "password1234",
            ["ConfirmPassword"] = "password1234",
        }, formPage: "/account");

        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#NewPassword\"", page, StringComparison.Ordinal);
        Assert.Contains("not on the list of common or breached passwords", page, StringComparison.Ordinal);
    }
}
