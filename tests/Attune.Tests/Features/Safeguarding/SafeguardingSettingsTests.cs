using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attune.Features.Safeguarding;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attune.Tests.Features.Safeguarding;

/// <summary>A school's DSL keeps its concern categories and its continuum of need; all or nothing, nothing in use deleted.</summary>
public sealed class SafeguardingSettingsTests
{
    private const string Dsl = "dsl@kingsmead.example";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_DSL_renames_adds_and_retires_categories_and_levels_and_reporting_and_triage_follow(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var school = await app.QueryAsync(db => db.Schools.Where(s => s.Name == "Kingsmead Academy").Select(s => s.Id).SingleAsync());
        var path = $"/safeguarding/settings/{school}";
        var dsl = await StaffSession.SignInAsync(app, Dsl);
        Assert.Contains("Concern categories", await dsl.GetPageAsync(path), StringComparison.Ordinal);
        var categories = await app.QueryAsync(db => db.ConcernCategories.Where(c => c.SchoolId == school)
            .OrderBy(c => c.Retired).ThenBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync());

        Dictionary<string, string> Form(Func<ConcernCategory, string> name, string? added)
        {
            var form = new Dictionary<string, string>();
            for (var i = 0; i < categories.Count; i++)
            {
                var c = categories[i];
                form[$"Categories[{i}].Id"] = c.Id.ToString();
                form[$"Categories[{i}].Name"] = name(c);
                if (c.DslOnly) form[$"Categories[{i}].DslOnly"] = "true";
                if (c.RetainIndefinitely) form[$"Categories[{i}].RetainIndefinitely"] = "true";
                if (c.Retired || c.Name == "Private fostering") form[$"Categories[{i}].Retired"] = "true";
            }

            form[$"Categories[{categories.Count}].Name"] = added ?? "";
            form[$"Categories[{categories.Count}].DslOnly"] = "true";
            form[$"Categories[{categories.Count}].RetainIndefinitely"] = "true";
            return form;
        }

        // A duplicate name is refused by row and changes nothing.
        var duplicate = await dsl.PostFormAsync($"{path}?handler=categories", Form(c => c.Name == "Other" ? "Neglect" : c.Name, null), formPage: path);
        var page = await duplicate.Content.ReadAsStringAsync();
        Assert.Contains("there is already a category called Neglect", page, StringComparison.Ordinal);
        Assert.Equal(categories.Count, await app.QueryAsync(db => db.ConcernCategories.CountAsync(c => c.SchoolId == school)));
        Assert.True(await app.QueryAsync(db => db.ConcernCategories.AnyAsync(c => c.SchoolId == school && c.Name == "Other")));

        var saved = await dsl.PostFormAsync($"{path}?handler=categories", Form(c => c.Name == "Other" ? "Something else" : c.Name, "Sexual harassment"), formPage: path);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, teacher) = await app.TokenClientAsync("teacher@kingsmead.example");
        var offered = (await teacher.GetFromJsonAsync<JsonElement>("/api/v1/concern-categories")).EnumerateArray()
            .Where(c => c.GetProperty("schoolId").GetGuid() == school).Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("Something else", offered);
        Assert.Contains("Sexual harassment", offered);
        Assert.DoesNotContain("Private fostering", offered);
        var added = await app.QueryAsync(db => db.ConcernCategories.SingleAsync(c => c.SchoolId == school && c.Name == "Sexual harassment"));
        Assert.True(added.DslOnly && added.RetainIndefinitely);

        // The continuum: a level added, one retired; triage offers and accepts exactly those in use.
        var levels = await app.QueryAsync(db => SafeguardingSettings.AllLevelsAsync(db, school, CancellationToken.None));
        var levelForm = new Dictionary<string, string>();
        for (var i = 0; i < levels.Count; i++)
        {
            levelForm[$"Levels[{i}].Id"] = levels[i].Id.ToString();
            levelForm[$"Levels[{i}].Name"] = levels[i].Name;
            if (levels[i].Name == "Universal") levelForm[$"Levels[{i}].Retired"] = "true";
        }

        levelForm[$"Levels[{levels.Count}].Name"] = "Complex needs";
        Assert.Equal(HttpStatusCode.Redirect, (await dsl.PostFormAsync($"{path}?handler=levels", levelForm, formPage: path)).StatusCode);
        var concern = await app.QueryAsync(db => db.Concerns.Where(c => c.Category!.Name == "Emotional abuse" && c.SchoolId == school).Select(c => c.Id).SingleAsync());
        var decision = await dsl.GetPageAsync($"/safeguarding/concerns/{concern}/decision");
        Assert.Contains("value=\"Complex needs\"", decision, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"Universal\"", decision, StringComparison.Ordinal);
        var (_, api) = await app.TokenClientAsync(Dsl);
        var version = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/concerns/{concern}")).GetProperty("version").GetInt32();
        var dslId = await app.UserIdAsync(Dsl);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.PostAsJsonAsync($"/api/v1/concerns/{concern}/decisions", new
        {
            kind = "triage", version, levelOfNeed = "Universal", ownerUserId = dslId, decision = "Monitor.",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/concerns/{concern}/decisions", new
        {
            kind = "triage", version, levelOfNeed = "Complex needs", ownerUserId = dslId, decision = "Multi-agency plan.",
        })).StatusCode);

        // Deputies may not change settings.
        var deputy = await StaffSession.SignInAsync(app, "deputy.ks3@kingsmead.example");
        var refused = await deputy.GetAsync(path);
        Assert.True(refused.StatusCode == HttpStatusCode.NotFound || refused.Headers.Location?.OriginalString.Contains("/access-denied") == true);
    }
}
