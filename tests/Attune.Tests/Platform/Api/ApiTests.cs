using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attune.Features.Demo;
using Attune.Features.Pupils;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Platform.Api;

/// <summary>/api/v1 with personal access tokens: shown once, hashed, expiring, revocable, same need-to-know as the pages.</summary>
public sealed class ApiTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_token_reads_visible_pupils_and_gets_404_for_others_and_every_read_is_audited(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var mine = await app.PupilAsync(DemoSchools.Kingsmead);
        var theirs = await app.PupilAsync(DemoSchools.Hollybrook);
        var (_, api) = await app.TokenClientAsync("dsl@kingsmead.example");

        var response = await api.GetAsync($"/api/v1/pupils/{mine.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(mine.Upn, json.GetProperty("upn").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/pupils/{theirs.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/pupils/{mine.Id}/contacts")).StatusCode);

        var found = await api.PostAsJsonAsync("/api/v1/pupils/search", new { query = mine.Upn });
        Assert.Contains(mine.Id.ToString(), await found.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var notFound = await api.PostAsJsonAsync("/api/v1/pupils/search", new { query = theirs.Upn });
        Assert.Equal("[]", await notFound.Content.ReadAsStringAsync());

        var audited = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries
            .CountAsync(a => a.PupilId == mine.Id && a.Action == "read" && a.ActorName == "Helen Brooks"));
        Assert.Equal(2, audited);
    }

    [Fact]
    public async Task A_teacher_token_cannot_read_contacts()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var taught = await app.WithScopeAsync(s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return db.Pupils.Where(p => db.TeachingGroupPupils.Any(t => t.PupilId == p.Id && db.TeachingGroups.Any(g => g.Id == t.TeachingGroupId && g.Name == "9X/En1"))).FirstAsync();
        });
        var (_, api) = await app.TokenClientAsync("teacher@kingsmead.example");

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/pupils/{taught.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/pupils/{taught.Id}/contacts")).StatusCode);
    }

    [Fact]
    public async Task The_api_refuses_no_token_a_browser_session_a_revoked_token_and_an_expired_one()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var pupil = await app.PupilAsync(DemoSchools.Kingsmead);
        var (session, api) = await app.TokenClientAsync("dsl@kingsmead.example");
        var path = $"/api/v1/pupils/{pupil.Id}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await StaffSession.Anonymous(app).Client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Client.GetAsync(path)).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync(path)).StatusCode);

        var (session2, api2) = await app.TokenClientAsync("pastoral.lead@kingsmead.example");
        Assert.Equal(HttpStatusCode.OK, (await api2.GetAsync(path)).StatusCode);
        var tokenId = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<Attune.Platform.Api.PersonalAccessToken>()
            .Where(t => t.Name == "Integration test").OrderByDescending(t => t.CreatedUtc).Select(t => t.Id).FirstAsync());
        await session2.PostFormAsync("/account/tokens?handler=Revoke", new() { ["TokenId"] = tokenId.ToString() }, formPage: "/account/tokens");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api2.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_hashes()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var (session, api) = await app.TokenClientAsync("dsl@kingsmead.example");
        var secret = api.DefaultRequestHeaders.Authorization!.Parameter!;

        var stored = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<Attune.Platform.Api.PersonalAccessToken>().SingleAsync());
        Assert.NotEqual(secret, stored.SecretHash);
        Assert.Equal(Attune.Platform.Api.PersonalAccessToken.Hash(secret), stored.SecretHash);
        Assert.DoesNotContain(secret, await session.GetPageAsync("/account/tokens"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var (_, api) = await app.TokenClientAsync("dsl@kingsmead.example");

        var document = await api.GetStringAsync("/api/v1/openapi.json");

        Assert.Contains("\"/api/v1/pupils/{id}\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/pupils/search\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/schools/{schoolId}/pupil-imports\"", document, StringComparison.Ordinal);
        Assert.Contains("text/csv", document, StringComparison.Ordinal);
        Assert.Contains("Attune API", document, StringComparison.Ordinal);
    }
}
