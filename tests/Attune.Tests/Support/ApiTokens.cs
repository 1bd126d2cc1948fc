using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Attune.Tests.Support;

/// <summary>An API client for a demo member of staff, with a personal access token made as they would make it.</summary>
public static partial class ApiTokens
{
    public static async Task<(StaffSession Session, HttpClient Api)> TokenClientAsync(this AttuneApp app, string email)
    {
        var session = await StaffSession.SignInAsync(app, email);
        var created = await session.PostFormAsync("/account/tokens?handler=Create", new() { ["Name"] = "Integration test", ["Days"] = "30" }, formPage: "/account/tokens");
        var secret = Secret().Match(await created.Content.ReadAsStringAsync()).Value;
        Assert.StartsWith("attune_", secret, StringComparison.Ordinal);
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return (session, api);
    }

    [GeneratedRegex("attune_[A-Za-z0-9_-]{43}")]
    private static partial Regex Secret();
}
