using System.Net;
using System.Text.RegularExpressions;
using Attune.Features.Demo;
using Attune.Platform.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Attune.Tests.Support;

/// <summary>A browser-like client for one member of staff: cookies, antiforgery tokens and the sign-in steps.</summary>
public sealed partial class StaffSession
{
    private readonly AttuneApp _app;

    private StaffSession(AttuneApp app, CookieContainer cookies)
    {
        _app = app;
        Cookies = cookies;
        Client = app.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
    }

    public HttpClient Client { get; }
    public CookieContainer Cookies { get; }

    public static StaffSession Anonymous(AttuneApp app) => new(app, new CookieContainer());

    /// <summary>A second client holding a copy of this session's cookies, as a thief who copied them would.</summary>
    public StaffSession CopyCookies()
    {
        var copy = new CookieContainer();
        foreach (Cookie cookie in Cookies.GetAllCookies())
        {
            copy.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        }

        return new StaffSession(_app, copy);
    }

    /// <summary>Signs in a demo account with the demo password and a fresh authenticator code.</summary>
    public static async Task<StaffSession> SignInAsync(AttuneApp app, string email)
    {
        var session = Anonymous(app);
        var afterPassword = await session.SubmitPasswordAsync(email, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.Redirect, afterPassword.StatusCode);
        if (afterPassword.Headers.Location!.OriginalString.StartsWith("/sign-in/two-factor", StringComparison.Ordinal))
        {
            var afterCode = await session.SubmitCodeAsync(session.CurrentCode(DemoSeeder.TotpSecret));
            Assert.Equal(HttpStatusCode.Redirect, afterCode.StatusCode);
        }

        return session;
    }

    /// <summary>The code an authenticator app shows now; moves the clock to a new 30-second step first so each code is fresh.</summary>
    public string CurrentCode(string secret)
    {
        _app.Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        return Totp.Code(Base32.Decode(secret), Totp.TimeStepAt(_app.Clock.GetUtcNow()));
    }

    public Task<HttpResponseMessage> SubmitPasswordAsync(string email, string password) =>
        PostFormAsync("/sign-in", new() { ["Email"] = email, ["Password"] = password });

    public Task<HttpResponseMessage> SubmitCodeAsync(string code) =>
        PostFormAsync("/sign-in/two-factor", new() { ["Code"] = code });

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(path);

    public async Task<string> GetPageAsync(string path)
    {
        var response = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts a form the way a browser would: fetches the page first for its antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await Client.GetAsync(formPage ?? path);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        var values = new Dictionary<string, string>(fields);
        if (token.Success)
        {
            values["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        }

        return await Client.PostAsync(path, new FormUrlEncodedContent(values));
    }

    /// <summary>Posts a multipart form with files, as a browser does for a form with a file input; fields may repeat.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, IEnumerable<(string Field, string FileName, byte[] Bytes)> files, string formPage)
    {
        var html = await (await Client.GetAsync(formPage)).Content.ReadAsStringAsync();
        using var content = new MultipartFormDataContent();
        if (AntiforgeryToken().Match(html) is { Success: true } token)
        {
            content.Add(new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken");
        }

        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (field, fileName, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, field, fileName);
        }

        return await Client.PostAsync(path, content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
