using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Attune.Features.Demo;
using Attune.Features.Pupils;
using Attune.Features.Pupils.Import;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Features.Pupils;

/// <summary>POST /api/v1/schools/{id}/pupil-imports: the upload page's all-or-nothing import, for integrations.</summary>
public sealed class PupilImportApiTests
{
    private static string NewPupils(params int[] serials) =>
        "UPN,Forename,Surname,DOB,Year\n" + string.Join("\n", serials.Select(s => $"{Upn.Create(931, 4001, 2025, s)},Api,Pupil{s},2013-05-0{1 + (s % 9)},Year 8"));

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_administrator_imports_and_learns_each_pupils_id_outcome_and_version(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var (_, api) = await app.TokenClientAsync("admin@kingsmead.example");
        var path = $"/api/v1/schools/{school.Id}/pupil-imports";

        var dryRun = await api.PostAsync(path + "?dryRun=true", Csv(NewPupils(1, 2)));
        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        Assert.Equal(0, await app.QueryAsync(db => db.Pupils.CountAsync(p => p.LegalFirstName == "Api")));

        var created = await (await api.PostAsync(path, Csv(NewPupils(1, 2)))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, created.GetProperty("created").GetInt32());
        var first = created.GetProperty("pupils")[0];
        Assert.Equal("created", first.GetProperty("outcome").GetString());
        Assert.Equal(2, first.GetProperty("line").GetInt32());
        var id = first.GetProperty("id").GetGuid();
        Assert.Equal(Upn.Create(931, 4001, 2025, 1), (await app.QueryAsync(db => db.Pupils.SingleAsync(p => p.Id == id))).Upn);

        var renamed = await (await api.PostAsync(path, Csv(NewPupils(1, 2).Replace("Pupil1", "Renamed", StringComparison.Ordinal)))).Content.ReadFromJsonAsync<JsonElement>();
        var outcomes = renamed.GetProperty("pupils").EnumerateArray().Select(p => (p.GetProperty("outcome").GetString(), p.GetProperty("version").GetInt32())).ToList();
        Assert.Equal([("updated", 1), ("unchanged", 0)], outcomes);
    }

    [Fact]
    public async Task A_bad_file_answers_422_naming_every_row_and_imports_nothing()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var (_, api) = await app.TokenClientAsync("admin@kingsmead.example");
        var file = NewPupils(1) + "\nA123,Bad,Upn,2013-01-01,8\n" + Upn.Create(931, 4001, 2025, 3) + ",=cmd|' /C calc'!A0,Pupil,2013-02-30,Year 8";

        var response = await api.PostAsync($"/api/v1/schools/{school.Id}/pupil-imports", Csv(file));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var rows = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("rows").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Equal(2, rows.Count);
        Assert.StartsWith("Row 3 (A123): upn", rows[0], StringComparison.Ordinal);
        Assert.Contains("date_of_birth \u201c2013-02-30\u201d is not a real date", rows[1], StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.Pupils.CountAsync(p => p.LegalFirstName == "Api")));
    }

    [Fact]
    public async Task Other_schools_other_roles_other_media_types_and_oversized_bodies_are_refused()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var kingsmead = await app.SchoolAsync(DemoSchools.Kingsmead);
        var hollybrook = await app.SchoolAsync(DemoSchools.Hollybrook);
        var (_, admin) = await app.TokenClientAsync("admin@kingsmead.example");
        var (_, dsl) = await app.TokenClientAsync("dsl@kingsmead.example");

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/schools/{hollybrook.Id}/pupil-imports", Csv(NewPupils(1)))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/schools/{Guid.NewGuid()}/pupil-imports", Csv(NewPupils(1)))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dsl.PostAsync($"/api/v1/schools/{kingsmead.Id}/pupil-imports", Csv(NewPupils(1)))).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType,
            (await admin.PostAsJsonAsync($"/api/v1/schools/{kingsmead.Id}/pupil-imports", new { upn = "x" })).StatusCode);
        var huge = new StringContent(NewPupils(1) + "\n" + new string('x', 10 * 1024 * 1024), Encoding.UTF8, "text/csv");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await admin.PostAsync($"/api/v1/schools/{kingsmead.Id}/pupil-imports", huge)).StatusCode);
        Assert.Equal(0, await app.QueryAsync(db => db.Pupils.CountAsync(p => p.LegalFirstName == "Api")));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Imports_racing_to_create_the_same_pupil_create_it_once_and_no_answer_is_a_server_error(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var (_, api) = await app.TokenClientAsync("admin@kingsmead.example");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            api.PostAsync($"/api/v1/schools/{school.Id}/pupil-imports", Csv(NewPupils(7)))));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"answered {(int)r.StatusCode}"));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Contains("nothing was imported", await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(1, await app.QueryAsync(db => db.Pupils.CountAsync(p => p.Upn == Upn.Create(931, 4001, 2025, 7))));
        Assert.Equal(0, (await app.RunCommandAsync("audit", "verify")).ExitCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_pupil_added_by_someone_else_while_the_file_is_read_makes_the_import_a_conflict_that_saves_nothing(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var upn = Upn.Create(931, 4001, 2025, 8);

        var result = await app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            // The moment the importer decides the UPN is new, another request saves a pupil with it.
            db.ChangeTracker.Tracked += (_, e) =>
            {
                if (e.Entry.Entity is Pupil { Upn: var tracked } && tracked == upn)
                {
                    app.WithScopeAsync(other =>
                    {
                        var otherDb = other.GetRequiredService<AppDbContext>();
                        otherDb.Pupils.Add(new Pupil { SchoolId = school.Id, Upn = upn, LegalFirstName = "First", LegalLastName = "Saved" });
                        return otherDb.SaveChangesAsync();
                    }).GetAwaiter().GetResult();
                }
            };
            var importer = ActivatorUtilities.CreateInstance<PupilImporter>(services);
            return await importer.ImportAsync(school, Encoding.UTF8.GetBytes(NewPupils(8, 9)), null, dryRun: false);
        });

        Assert.True(result.Conflict);
        Assert.Equal(PupilImporter.ConflictMessage, Assert.Single(result.Problems).Message);
        var saved = await app.QueryAsync(db => db.Pupils.Where(p => p.LegalFirstName == "Api" || p.LegalLastName == "Saved").Select(p => p.LegalLastName).ToListAsync());
        Assert.Equal(["Saved"], saved);
        Assert.Equal(1, await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == "import" && a.Outcome == Attune.Platform.Auditing.AuditOutcome.Failed)));
        Assert.Equal(0, (await app.RunCommandAsync("audit", "verify")).ExitCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_duplicate_key_is_recognised_as_a_unique_violation_on_both_providers(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var existing = await app.PupilAsync(DemoSchools.Kingsmead);

        var error = await Assert.ThrowsAnyAsync<DbUpdateException>(() => app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            db.Pupils.Add(new Pupil { SchoolId = existing.SchoolId, Upn = existing.Upn, LegalFirstName = "Copy", LegalLastName = "Pupil" });
            return await db.SaveChangesAsync();
        }));

        Assert.True(DatabaseErrors.IsUniqueViolation(error));
    }
}
