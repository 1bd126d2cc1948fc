using System.Net;
using System.Text;
using Attune.Features.Demo;
using Attune.Features.Pupils;
using Attune.Features.Pupils.Import;
using Attune.Features.Schools;
using Attune.Platform.Cli;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Features.Pupils;

public sealed class PupilImportTests
{
    private static readonly string Good = string.Join("\n",
        "UPN,Forename,Surname,Known as,DOB,Gender,Year,Reg Group,SEN Status,PP,LAC,Shoe size",
        $"{Upn.Create(874, 1234, 2014, 1)},Amelia,Ashworth,,2014-03-02,F,Year 7,7X,K,Y,N,4",
        $"{Upn.Create(874, 1234, 2013, 2)},Noah,Bramley,Noah,15/11/2013,M,7,7Y,,N,N,5",
        $"\"{Upn.Create(874, 1234, 2012, 3)}\",\"O'Neill, Grace\",\"Carrow\",,2012-09-30,F,8,8X,E,,Y,3");

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_good_file_creates_pupils_year_groups_and_forms_then_updates_by_upn(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider, seedDemo: false);
        var school = await NewSchoolAsync(app);

        var first = await ImportAsync(app, school, Good, dryRun: false);
        Assert.True(first.Succeeded, string.Join("\n", first.Problems));
        Assert.Equal((3, 0, 0), (first.Created, first.Updated, first.Unchanged));
        Assert.Equal(["Year 7", "Year 8"], first.YearGroupsCreated);
        Assert.Equal(["7X", "7Y", "8X"], first.FormsCreated);
        Assert.Equal(["Shoe size"], first.IgnoredHeaders);

        var grace = await app.PupilByUpnAsync(Upn.Create(874, 1234, 2012, 3));
        Assert.Equal("O'Neill, Grace", grace.LegalFirstName);
        Assert.Equal(SenStatus.Ehcp, grace.SenStatus);
        Assert.True(grace.LookedAfter);

        var second = await ImportAsync(app, school, Good.Replace("Bramley", "Bramley-Stokes", StringComparison.Ordinal), dryRun: false);
        Assert.Equal((0, 1, 2), (second.Created, second.Updated, second.Unchanged));
        Assert.Equal("Bramley-Stokes", (await app.PupilByUpnAsync(Upn.Create(874, 1234, 2013, 2))).LegalLastName);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_file_with_bad_rows_changes_nothing_and_names_every_row_and_reason(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider, seedDemo: false);
        var school = await NewSchoolAsync(app);
        var duplicate = Upn.Create(874, 1234, 2014, 9);
        var file = string.Join("\n",
            "UPN,Forename,Surname,DOB,Year",
            $"{Upn.Create(874, 1234, 2014, 1)},Amelia,Ashworth,2014-03-02,7",
            "A123,Noah,Bramley,2013-11-15,7",
            $"{Upn.Create(874, 1234, 2013, 3)},Grace,,31/02/2013,Year 15",
            $"{duplicate},Ivy,Denholm,2014-01-01,7",
            $"{duplicate},Leo,Ellery,2014-01-02,7");

        var result = await ImportAsync(app, school, file, dryRun: false);

        Assert.False(result.Succeeded);
        var report = string.Join("\n", result.Problems);
        Assert.Contains("Row 3 (A123): upn \u201cA123\u201d is not a valid UPN", report, StringComparison.Ordinal);
        Assert.Contains("Row 4", report, StringComparison.Ordinal);
        Assert.Contains("legal_last_name is empty", report, StringComparison.Ordinal);
        Assert.Contains("date_of_birth \u201c31/02/2013\u201d is not a real date", report, StringComparison.Ordinal);
        Assert.Contains("year_group \u201cYear 15\u201d is not a year", report, StringComparison.Ordinal);
        Assert.Contains($"This UPN appears on more than one row: rows 5, 6", report, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Pupils.CountAsync()));
        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().YearGroups.CountAsync()));
    }

    [Fact]
    public async Task Missing_required_columns_are_named_with_the_headers_found_and_a_mapping_fixes_them()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, seedDemo: false);
        var school = await NewSchoolAsync(app);
        var file = $"Pupil ID,Pupil Forename,Surname,DOB,Year\n{Upn.Create(874, 1234, 2014, 1)},Amelia,Ashworth,2014-03-02,7";

        var unmapped = await ImportAsync(app, school, file, dryRun: false);
        Assert.Contains(unmapped.Problems, p => p.Message.StartsWith("No header for the required column upn. The headers found were: Pupil ID, Pupil Forename, Surname, DOB, Year", StringComparison.Ordinal));
        Assert.Contains(unmapped.Problems, p => p.Message.StartsWith("No header for the required column legal_first_name", StringComparison.Ordinal));

        var mapped = await ImportAsync(app, school, file, dryRun: false, mapping: "Pupil ID=upn, Pupil Forename=legal_first_name");
        Assert.True(mapped.Succeeded, string.Join("\n", mapped.Problems));
        Assert.Equal(1, mapped.Created);
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_happen_and_changes_nothing()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, seedDemo: false);
        var school = await NewSchoolAsync(app);

        var result = await ImportAsync(app, school, Good, dryRun: true);

        Assert.True(result.Succeeded);
        Assert.Equal(3, result.Created);
        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Pupils.CountAsync()));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x41 }, "not UTF-8 text")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00 }, "not a CSV text file")]
    public async Task A_file_that_is_not_csv_text_is_refused(byte[] content, string message)
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, seedDemo: false);
        var school = await NewSchoolAsync(app);

        var result = await app.WithScopeAsync(s => s.GetRequiredService<PupilImporter>().ImportAsync(school, content, null, dryRun: false));

        Assert.Contains(result.Problems, p => p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Names_with_control_or_direction_override_characters_are_refused()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, seedDemo: false);
        var school = await NewSchoolAsync(app);
        var file = $"UPN,Forename,Surname,DOB,Year\n{Upn.Create(874, 1234, 2014, 1)},Ame\u202Elia,Ashworth,2014-03-02,7";

        var result = await ImportAsync(app, school, file, dryRun: false);

        Assert.Contains(result.Problems, p => p.Message.Contains("legal_first_name contains control or text-direction characters", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_command_line_imports_with_dry_run_and_exits_1_naming_bad_rows()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, seedDemo: false);
        var school = await NewSchoolAsync(app);
        var good = Path.Combine(app.Database.DataDirectory, "good.csv");
        var bad = Path.Combine(app.Database.DataDirectory, "bad.csv");
        await File.WriteAllTextAsync(good, Good);
        await File.WriteAllTextAsync(bad, "UPN,Forename,Surname,DOB,Year\nX,Amelia,Ashworth,2014-03-02,7");

        var (dryCode, dryOutput) = await app.RunCommandAsync("import", "pupils", good, "--school", school.Urn, "--dry-run");
        Assert.Equal(0, dryCode);
        Assert.Contains("3 new pupils would be added", dryOutput, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Pupils.CountAsync()));

        var (badCode, badOutput) = await app.RunCommandAsync("import", "pupils", bad, "--school", school.Urn);
        Assert.Equal(1, badCode);
        Assert.Contains("Row 2 (X): upn", badOutput, StringComparison.Ordinal);

        var (code, output) = await app.RunCommandAsync("import", "pupils", good, "--school", school.Urn);
        Assert.Equal(0, code);
        Assert.Contains("3 new pupils added", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_checks_then_imports_a_file_from_the_page()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var schoolId = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Schools.Where(x => x.Name == DemoSchools.Hollybrook).Select(x => x.Id).SingleAsync());
        var admin = await StaffSession.SignInAsync(app, "admin@hollybrook.example");
        var path = $"/admin/schools/{schoolId}/import";

        var check = await UploadAsync(admin, path, "Check", Good);
        Assert.Contains("Nothing has been changed yet", await check.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var import = await UploadAsync(admin, path, "Import", Good);
        Assert.Contains("3 new pupils added", await import.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var teacher = await StaffSession.SignInAsync(app, "dsl@hollybrook.example");
        Assert.Equal(HttpStatusCode.Redirect, (await teacher.GetAsync(path)).StatusCode);
    }

    private static async Task<HttpResponseMessage> UploadAsync(StaffSession session, string path, string handler, string csv)
    {
        var page = await session.GetPageAsync(path);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "Upload", "pupils.csv" },
        };
        return await session.Client.PostAsync($"{path}?handler={handler}", form);
    }

    private static Task<ImportResult> ImportAsync(AttuneApp app, School school, string csv, bool dryRun, string? mapping = null) =>
        app.WithScopeAsync(s => s.GetRequiredService<PupilImporter>().ImportAsync(school, Encoding.UTF8.GetBytes(csv), mapping, dryRun));

    private static Task<School> NewSchoolAsync(AttuneApp app) =>
        app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var trust = new Trust { Name = "Test trust" };
            var school = new School { TrustId = trust.Id, Name = "Test school", Urn = "123456", Phase = SchoolPhase.Secondary, KeyStages = KeyStages.KS3 };
            db.Trusts.Add(trust);
            db.Schools.Add(school);
            await db.SaveChangesAsync();
            return school;
        });
}
