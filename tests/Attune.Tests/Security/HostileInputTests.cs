using System.Net;
using System.Net.Http.Json;
using System.Text;
using Attune.Features.Demo;
using Attune.Features.Pupils;
using Attune.Platform.Data;
using Attune.Tests.Support;

namespace Attune.Tests.Security;

/// <summary>
/// A corpus of hostile input sent through every text field of every form the app shows (found by crawling its
/// pages as an administrator, a DSL and a stranger) and through the API: nothing may answer 5xx, and no page
/// may hand the markup back unencoded. The browser journey shows the stored values do not run when viewed.
/// </summary>
public sealed class HostileInputTests
{
    public static readonly string[] Corpus =
    [
        "<script>alert('xss')</script>",
        "\"><img src=x onerror=alert('xss')>",
        "'><svg onload=alert('xss')>",
        "javascript:alert('xss')",
        "{{7*7}}${7*7}@(7*7)",
        "'; DROP TABLE \"Pupils\"; --",
        new string('A', 10_000),
        new string('\u00e9', 300),
        "nul\u0000byte and bell\u0007 and escape\u001b[31m",
        "\u202Egnp.exe",
        "line one\r\nline two",
        "\ud83d\ude00 \ud800 lone surrogate",
        "2026-02-30",
        "31/13/2026",
        "0001-01-01",
        "9999-12-31",
        "99999999999999999999999999",
        "-2147483649",
        "1e308",
        "NaN",
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2+3",
        "@SUM(1,1)",
        "",
        "   ",
    ];

    private static readonly string[] Executable = ["<script>alert(", "<img src=x onerror", "<svg onload"];

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Hostile_input_in_every_text_field_of_every_form_never_fails_the_server_or_comes_back_unencoded(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var pupil = await app.PupilAsync(DemoSchools.Kingsmead);
        var member = await app.UserIdAsync("ta@kingsmead.example");
        var sessions = new[]
        {
            StaffSession.Anonymous(app),
            await StaffSession.SignInAsync(app, "admin@kingsmead.example"),
            await StaffSession.SignInAsync(app, "dsl@kingsmead.example"),
        };
        var pages = (await EndpointCatalogue.DiscoverAsync(app)).Where(h => h.Method == "GET" && !h.IsApi).Select(h => h.Route).Distinct()
            .Select(route => EndpointCatalogue.Fill(route, name => name switch
            {
                "id" when route.StartsWith("/admin", StringComparison.Ordinal) => school.Id.ToString(),
                "id" => pupil.Id.ToString(),
                "userId" => member.ToString(),
                "schoolId" => school.Id.ToString(),
                "referralId" or "attachmentId" or "transferId" or "fileId" or "assessmentId" or "planId" => Guid.Empty.ToString(),
                "year" => "new",
                "code" => "400",
                _ => null,
            }))
            .ToList();

        var failures = new List<string>();
        var formsTried = 0;
        foreach (var session in sessions)
        {
            foreach (var page in pages)
            {
                var response = await session.Client.GetAsync(page);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    continue;
                }

                var html = await response.Content.ReadAsStringAsync();
                foreach (var form in HtmlForms.Parse(html, page).Where(f => f.Action != "/sign-out" && !f.Multipart))
                {
                    formsTried++;
                    foreach (var value in Corpus)
                    {
                        // Every text field at once, then (for the nastiest values) each field alone, so no early refusal hides a later field.
                        await SubmitAsync(session, form, form.Values(f => f.TakesText ? value : null), $"all fields = {Describe(value)}", failures);
                    }

                    foreach (var field in form.Fields.Where(f => f.TakesText))
                    {
                        foreach (var value in new[] { Corpus[0], Corpus[6], Corpus[8], Corpus[16] })
                        {
                            await SubmitAsync(session, form, form.Values(f => f == field ? value : null), $"{field.Name} = {Describe(value)}", failures);
                        }
                    }

                    // Broken UTF-8, as raw bytes no browser would send.
                    var raw = string.Join("&", form.Fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + (f.TakesText ? "%C3%28%FF%FE%ED%A0%80" : Uri.EscapeDataString(f.Value))));
                    var broken = await session.Client.PostAsync(form.Action, new StringContent(raw, Encoding.ASCII, "application/x-www-form-urlencoded"));
                    if ((int)broken.StatusCode >= 500)
                    {
                        failures.Add($"{form}, broken UTF-8: {(int)broken.StatusCode}");
                    }
                }
            }
        }

        Assert.True(formsTried >= 12, $"only {formsTried} forms found to try");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Hostile_input_through_the_api_never_fails_the_server(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var school = await app.SchoolAsync(DemoSchools.Kingsmead);
        var (_, dsl) = await app.TokenClientAsync("dsl@kingsmead.example");
        var (_, admin) = await app.TokenClientAsync("admin@kingsmead.example");
        var failures = new List<string>();
        var serial = 0;
        foreach (var value in Corpus)
        {
            var search = await dsl.PostAsJsonAsync("/api/v1/pupils/search", new { query = value });
            if ((int)search.StatusCode >= 500)
            {
                failures.Add($"search for {Describe(value)}: {(int)search.StatusCode}");
            }

            foreach (var column in new[] { "legal_first_name", "legal_last_name", "date_of_birth", "year_group", "gender", "sen_status", "pupil_premium", "form" })
            {
                var row = new Dictionary<string, string>
                {
                    ["upn"] = Upn.Create(932, 4000, 2025, ++serial), ["legal_first_name"] = "Hostile", ["legal_last_name"] = "Input",
                    ["date_of_birth"] = "2013-04-01", ["year_group"] = "8", ["gender"] = "F", ["sen_status"] = "N", ["pupil_premium"] = "N", ["form"] = "",
                };
                row[column] = value;
                var csv = string.Join(",", row.Keys) + "\n" + string.Join(",", row.Values.Select(v => "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
                var import = await admin.PostAsync($"/api/v1/schools/{school.Id}/pupil-imports?dryRun=true", new StringContent(csv, Encoding.UTF8, "text/csv"));
                if ((int)import.StatusCode >= 500 || import.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity))
                {
                    failures.Add($"import with {column} = {Describe(value)}: {(int)import.StatusCode}");
                }
            }
        }

        var bytes = await admin.PostAsync($"/api/v1/schools/{school.Id}/pupil-imports", new ByteArrayContent([0xC3, 0x28, 0xFF, 0x00, 0x2C]) { Headers = { ContentType = new("text/csv") } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bytes.StatusCode);
        Assert.Contains("not UTF-8", await bytes.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task SubmitAsync(StaffSession session, HtmlForm form, Dictionary<string, string> values, string what, List<string> failures)
    {
        var response = await session.Client.PostAsync(form.Action, new FormUrlEncodedContent(values));
        if ((int)response.StatusCode >= 500)
        {
            failures.Add($"{form}, {what}: {(int)response.StatusCode}");
            return;
        }

        var body = await response.Content.ReadAsStringAsync();
        foreach (var marker in Executable.Where(m => body.Contains(m, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"{form}, {what}: the answer contains \"{marker}\" unencoded");
        }
    }

    private static string Describe(string value) => value.Length > 30 ? $"{value.Length} characters" : value.Replace("\0", "\\0", StringComparison.Ordinal);
}
