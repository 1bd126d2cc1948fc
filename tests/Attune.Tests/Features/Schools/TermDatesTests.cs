using System.Net;
using Attune.Features.Demo;
using Attune.Features.Schools;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attune.Tests.Features.Schools;

public sealed class TermDatesTests
{
    private const string Admin = "admin@kingsmead.example";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_administrator_adds_next_years_terms_and_sees_them_listed(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var current = await CurrentYearAsync(app, school.Id);
        var start = current.EndsOn.Year;
        var admin = await StaffSession.SignInAsync(app, Admin);

        var response = await admin.PostFormAsync($"/admin/schools/{school.Id}/term-dates/new", Form(
            $"{start}-09-01", $"{start + 1}-08-31",
            [
                ("Autumn", $"{start}-09-03", $"{start}-12-18"),
                ("Spring", $"{start + 1}-01-05", $"{start + 1}-03-26"),
                ("Summer", $"{start + 1}-04-12", $"{start + 1}-07-21"),
            ]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await admin.GetPageAsync($"/admin/schools/{school.Id}/term-dates");
        Assert.Contains($"The term dates for {start}/{(start + 1) % 100:00} have been saved", page, StringComparison.Ordinal);
        Assert.Contains($"3 September {start} to 18 December {start}", page, StringComparison.Ordinal);
        var added = await app.QueryAsync(db => db.AcademicYears.Include(y => y.Terms).SingleAsync(y => y.SchoolId == school.Id && y.StartsOn == new DateOnly(start, 9, 1)));
        Assert.Equal(["Autumn", "Spring", "Summer"], added.Terms.OrderBy(t => t.StartsOn).Select(t => t.Name));
        var termIds = added.Terms.Select(t => t.Id.ToString()).ToList();
        Assert.Equal(3, await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.RecordType == nameof(Term) && a.Action == "create" && termIds.Contains(a.RecordId!) && a.ActorName != "system")));
    }

    [Fact]
    public async Task Every_mistake_is_named_against_its_field_and_nothing_is_saved()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var current = await CurrentYearAsync(app, school.Id);
        var admin = await StaffSession.SignInAsync(app, Admin);
        var y = current.StartsOn.Year;

        var response = await admin.PostFormAsync($"/admin/schools/{school.Id}/term-dates/{current.Id}", Form(
            $"{y}-09-01", $"{y + 1}-08-31",
            [
                ("Autumn", $"{y}-09-03", $"{y}-12-18"),
                ("Spring", $"{y}-12-01", $"{y + 1}-03-26"),
                ("Summer", $"{y + 1}-04-12", $"{y + 2}-07-21"),
                ("", $"{y + 1}-31-02", ""),
            ], current.Version));

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<a href=\"#Input_Terms_1__StartsOn\">The Spring term overlaps the Autumn term</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#Input_Terms_2__StartsOn\">The Summer term must be inside the academic year</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#Input_Terms_3__Name\">Enter a name for term 4, like Autumn 1</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#Input_Terms_3__StartsOn\">Enter the date term 4 starts as a real date, like 1/9/2026</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#Input_Terms_3__EndsOn\">Enter the date term 4 ends</a>", page, StringComparison.Ordinal);
        var unchanged = await CurrentYearAsync(app, school.Id);
        Assert.Equal(current.Version, unchanged.Version);
        Assert.Equal(current.Terms.Select(t => (t.Name, t.StartsOn, t.EndsOn)).Order(), unchanged.Terms.Select(t => (t.Name, t.StartsOn, t.EndsOn)).Order());
    }

    [Fact]
    public async Task A_year_that_overlaps_another_is_refused()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var current = await CurrentYearAsync(app, school.Id);
        var admin = await StaffSession.SignInAsync(app, Admin);
        var y = current.StartsOn.Year;

        var response = await admin.PostFormAsync($"/admin/schools/{school.Id}/term-dates/new", Form($"{y}-12-01", $"{y + 1}-10-31", [("Spring", $"{y + 1}-01-05", $"{y + 1}-03-26")]));

        Assert.Contains($"These dates overlap the {current.Name} academic year", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryAsync(db => db.AcademicYears.CountAsync(a => a.SchoolId == school.Id)));
    }

    [Fact]
    public async Task A_stale_edit_is_refused_and_the_first_persons_dates_kept()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var current = await CurrentYearAsync(app, school.Id);
        var admin = await StaffSession.SignInAsync(app, Admin);
        var y = current.StartsOn.Year;
        var path = $"/admin/schools/{school.Id}/term-dates/{current.Id}";

        var first = await admin.PostFormAsync(path, Form($"{y}-09-01", $"{y + 1}-08-31", [("Autumn", $"{y}-09-04", $"{y}-12-19")], current.Version));
        Assert.True(first.StatusCode == HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync());
        var second = await admin.PostFormAsync(path, Form($"{y}-09-01", $"{y + 1}-08-31", [("Autumn", $"{y}-09-10", $"{y}-12-12")], current.Version));

        Assert.Contains("Someone else changed this year's term dates", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var saved = await CurrentYearAsync(app, school.Id);
        Assert.Equal(new DateOnly(y, 9, 4), Assert.Single(saved.Terms).StartsOn);
    }

    [Theory]
    [InlineData("admin@hollybrook.example")]
    [InlineData("dsl@kingsmead.example")]
    [InlineData("teacher@kingsmead.example")]
    public async Task Only_the_schools_administrators_can_change_its_term_dates(string email)
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var current = await CurrentYearAsync(app, school.Id);
        var session = await StaffSession.SignInAsync(app, email);

        var y = current.StartsOn.Year;
        AssertRefused(await session.GetAsync($"/admin/schools/{school.Id}/term-dates/{current.Id}"));
        var post = await session.PostFormAsync($"/admin/schools/{school.Id}/term-dates/{current.Id}", Form($"{y}-09-01", $"{y + 1}-08-31", [("Autumn", $"{y}-09-04", $"{y}-12-19")], current.Version), formPage: "/account");
        AssertRefused(post);
        Assert.Equal(current.Version, (await CurrentYearAsync(app, school.Id)).Version);
    }

    /// <summary>404 for a school that is not theirs; the access-denied page for a role that never administers.</summary>
    private static void AssertRefused(HttpResponseMessage response) =>
        Assert.True(
            response.StatusCode == HttpStatusCode.NotFound
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.AbsolutePath == "/access-denied"),
            $"Expected a refusal, got {(int)response.StatusCode} {response.Headers.Location}");

    private static Task<AcademicYear> CurrentYearAsync(AttuneApp app, Guid schoolId) =>
        app.QueryAsync(db => db.AcademicYears.AsNoTracking().Include(y => y.Terms).Where(y => y.SchoolId == schoolId).OrderByDescending(y => y.StartsOn).FirstAsync());

    private static Dictionary<string, string> Form(string startsOn, string endsOn, (string Name, string StartsOn, string EndsOn)[] terms, int formVersion = 0)
    {
        var form = new Dictionary<string, string> { ["Input.Version"] = formVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.StartsOn"] = startsOn, ["Input.EndsOn"] = endsOn };
        for (var i = 0; i < terms.Length; i++)
        {
            form[$"Input.Terms[{i}].Name"] = terms[i].Name;
            form[$"Input.Terms[{i}].StartsOn"] = terms[i].StartsOn;
            form[$"Input.Terms[{i}].EndsOn"] = terms[i].EndsOn;
        }

        return form;
    }
}
