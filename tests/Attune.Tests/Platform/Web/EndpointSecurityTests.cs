using System.Net;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Platform.Web;

/// <summary>
/// Every endpoint of the running app is discovered, not listed by hand: a new page or API call is covered
/// the moment it exists. Only the public allowlist may be reached without signing in.
/// </summary>
[Collection(DemoTrustCollection.Name)]
public sealed class EndpointSecurityTests(SharedApps apps)
{
    /// <summary>The only routes anyone may reach without signing in.</summary>
    private static readonly string[] PublicRoutes =
    [
        "/sign-in", "/sign-in/two-factor", "/sign-in/recovery-code", "/sign-in/set-up-authenticator",
        "/sign-in/forgotten-password", "/sign-in/reset-password",
        "/signed-out", "/error/{code:int?}", "/access-denied", "/health/live", "/health/ready",
    ];

    [Fact]
    public async Task Every_endpoint_is_either_public_by_name_or_carries_an_authorization_policy()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var endpoints = Endpoints(app);
        Assert.NotEmpty(endpoints);

        foreach (var (route, endpoint) in endpoints)
        {
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorized = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0;
            if (PublicRoutes.Contains(route))
            {
                Assert.True(anonymous, $"{route} is on the public list but not marked anonymous");
            }
            else
            {
                Assert.False(anonymous, $"{route} allows anonymous access but is not on the public list");
                Assert.True(authorized, $"{route} has no authorization policy of its own");
            }
        }
    }

    [Fact]
    public async Task Every_non_public_endpoint_refuses_an_anonymous_request()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var client = StaffSession.Anonymous(app).Client;

        foreach (var (route, endpoint) in Endpoints(app).Where(e => !PublicRoutes.Contains(e.Route)))
        {
            var path = Concrete(route);
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"])
            {
                var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                var refused = response.StatusCode is HttpStatusCode.Unauthorized
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/sign-in", StringComparison.Ordinal));
                Assert.True(refused, $"{method} {path} answered {(int)response.StatusCode} to an anonymous request");
            }
        }
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/pupils")]
    public async Task Every_page_carries_the_security_headers(string path)
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var session = await StaffSession.SignInAsync(app, "dsl@kingsmead.example");

        var response = await session.GetAsync(path);
        var headers = response.Headers;

        var csp = string.Join(";", headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("same-origin", headers.GetValues("Cross-Origin-Opener-Policy").Single());
        Assert.True(headers.CacheControl?.NoStore, "signed-in pages must not be cached");
    }

    [Fact]
    public async Task Session_cookies_are_http_only_and_same_site()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var session = StaffSession.Anonymous(app);
        var response = await session.SubmitPasswordAsync("dsl@kingsmead.example", Attune.Features.Demo.DemoSeeder.Password);
        await session.SubmitCodeAsync(session.CurrentCode(Attune.Features.Demo.DemoSeeder.TotpSecret));

        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.All(cookies, cookie =>
        {
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite", cookie, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task A_form_post_without_an_antiforgery_token_is_refused()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var session = await StaffSession.SignInAsync(app, "dsl@kingsmead.example");

        var response = await session.Client.PostAsync("/pupils", new FormUrlEncodedContent(new Dictionary<string, string> { ["Query"] = "a" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_signing_in()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);
        var client = StaffSession.Anonymous(app).Client;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal("Healthy", await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
    }

    private static List<(string Route, RouteEndpoint Endpoint)> Endpoints(AttuneApp app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => ("/" + e.RoutePattern.RawText!.TrimStart('/'), e))
            .DistinctBy(e => e.Item1 + string.Join(",", e.e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .ToList();

    private static string Concrete(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, "\\{[^}]+\\}", match => match.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "1");
}
