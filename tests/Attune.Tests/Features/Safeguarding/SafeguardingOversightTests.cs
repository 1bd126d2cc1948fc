using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Attune.Features.Safeguarding;
using Attune.Platform.Calendar;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attune.Tests.Features.Safeguarding;

/// <summary>
/// The DSL team's overview: the dashboard of what needs attention, within each reader's need to know, and the
/// retention review of child protection records (date of birth + 25 years, never deleted automatically).
/// </summary>
public sealed partial class SafeguardingOversightTests
{
    private const string Dsl = "dsl@kingsmead.example";
    private const string DeputyKs3 = "deputy.ks3@kingsmead.example";
    private const string DeputyKs4 = "pso.ks4@kingsmead.example";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_dashboard_shows_what_needs_attention_within_each_readers_reach(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var concern = await app.QueryAsync(db => db.Concerns.AsNoTracking().Where(c => c.Category!.Name == "Emotional abuse" && c.School!.Name == "Kingsmead Academy").SingleAsync());
        var pupilId = await app.QueryAsync(db => db.ConcernPupils.Where(p => p.ConcernId == concern.Id).Select(p => p.PupilId).SingleAsync());
        var deputyId = await app.UserIdAsync(DeputyKs3);
        var deputyName = await app.QueryAsync(db => db.Users.Where(u => u.Id == deputyId).Select(u => u.DisplayName).SingleAsync());
        var (_, api) = await app.TokenClientAsync(DeputyKs3);
        var today = DateOnly.FromDateTime(LocalTime.ToUk(app.Clock.GetUtcNow().UtcDateTime));

        var read = await api.GetFromJsonAsync<JsonElement>($"/api/v1/concerns/{concern.Id}");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/concerns/{concern.Id}/decisions", new
        {
            kind = "triage", version = read.GetProperty("version").GetInt32(), levelOfNeed = "Child in need", ownerUserId = deputyId, decision = "Refer to MASH today.",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/concerns/{concern.Id}/actions", new
        {
            description = "Speak to mum about the shouting", ownerUserId = deputyId, dueOn = today.AddDays(1),
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/concerns/{concern.Id}/referrals", new
        {
            agency = "childrensSocialCare", agencyName = "Kingsmead MASH", madeOn = today, method = "phone", summary = "Shared the disclosure.",
        })).StatusCode);
        await app.QueryAsync(async db =>
        {
            db.SafeguardingStatuses.Add(new PupilSafeguardingStatus
            {
                PupilId = pupilId, Kind = SafeguardingStatusKind.ChildProtectionPlan, StartedOn = today, RecordedUtc = app.Clock.GetUtcNow().UtcDateTime, RecordedByName = "Test",
            });
            return await db.SaveChangesAsync();
        });
        app.Clock.Advance(TimeSpan.FromDays(7));
        Assert.True(WorkingDays.Add(today, 1) < today.AddDays(7));

        // The KS3 deputy: their concern's overdue action and late referral, their load, the CP plan; not the
        // urgent Year 10 concern, nor the DSL-only category.
        var deputy = await (await StaffSession.SignInAsync(app, DeputyKs3)).GetPageAsync("/safeguarding/dashboard");
        Assert.Contains("Speak to mum about the shouting", deputy, StringComparison.Ordinal);
        Assert.Contains("Response overdue", deputy, StringComparison.Ordinal);
        Assert.Contains("Children&#x27;s social care (MASH): Kingsmead MASH", deputy, StringComparison.Ordinal);
        Assert.DoesNotContain("Self-harm or suicidal thoughts", deputy, StringComparison.Ordinal);
        Assert.DoesNotContain("Sexual abuse", deputy, StringComparison.Ordinal);
        Assert.Equal(["0", "0", "0", "1", "0", "1"], RowCells(deputy, deputyName));
        Assert.Equal("1 pupil", StatusCount(deputy, "Child protection plan"));
        Assert.Equal("1", RowCells(deputy, "Emotional abuse")[^1]);

        // The KS4 deputy: the urgent Year 10 concern nobody has opened, and nothing of the Year 9 pupil.
        var ks4 = await (await StaffSession.SignInAsync(app, DeputyKs4)).GetPageAsync("/safeguarding/dashboard");
        Assert.Matches("Urgent</strong> <a class=\"govuk-link\" href=\"/safeguarding/concerns/[0-9a-f-]+\">[^<]+: Self-harm or suicidal thoughts</a>", ks4);
        Assert.DoesNotContain("Speak to mum", ks4, StringComparison.Ordinal);
        Assert.DoesNotContain("Emotional abuse", ks4, StringComparison.Ordinal);
        Assert.Equal("0 pupils", StatusCount(ks4, "Child protection plan"));

        // The DSL: everything in the school, the DSL-only category included, in the table behind the chart.
        var dsl = await (await StaffSession.SignInAsync(app, Dsl)).GetPageAsync("/safeguarding/dashboard");
        Assert.Contains("Self-harm or suicidal thoughts", dsl, StringComparison.Ordinal);
        Assert.Equal("1", RowCells(dsl, "Sexual abuse")[^1]);
        Assert.Contains("Concerns recorded by category and month", dsl, StringComparison.Ordinal);
        Assert.Contains("role=\"img\" aria-labelledby=\"chart-caption\"", dsl, StringComparison.Ordinal);

        var teacher = await StaffSession.SignInAsync(app, "teacher@kingsmead.example");
        var refused = await teacher.GetAsync("/safeguarding/dashboard");
        Assert.True(refused.StatusCode == HttpStatusCode.NotFound || refused.Headers.Location?.OriginalString.Contains("/access-denied") == true);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Records_come_due_for_review_25_years_after_the_youngest_childs_birth_and_abuse_inquiry_records_are_kept(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var concerns = await app.QueryAsync(db => db.Concerns.AsNoTracking().Where(c => c.School!.Name == "Kingsmead Academy")
            .Select(c => new { c.Id, Category = c.Category!.Name, Born = c.Pupils.Max(p => p.Pupil!.DateOfBirth) }).ToListAsync());
        var emotional = concerns.Single(c => c.Category == "Emotional abuse");
        var sexual = concerns.Single(c => c.Category == "Sexual abuse");
        var reviewOn = emotional.Born.AddYears(25);
        var dsl = await StaffSession.SignInAsync(app, Dsl);

        var dayBefore = await dsl.GetPageAsync($"/safeguarding/retention?by={reviewOn.AddDays(-1):yyyy-MM-dd}");
        Assert.DoesNotContain(emotional.Id.ToString(), dayBefore, StringComparison.Ordinal);
        var onTheDay = await dsl.GetPageAsync($"/safeguarding/retention?by={reviewOn:yyyy-MM-dd}");
        Assert.Contains(emotional.Id.ToString(), onTheDay, StringComparison.Ordinal);
        Assert.Contains(reviewOn.ToString("d MMM yyyy", CultureInfo.InvariantCulture), onTheDay, StringComparison.Ordinal);

        // Far ahead: every record, the sexual abuse one marked never to be destroyed; a deputy never sees it.
        var all = await dsl.GetPageAsync("/safeguarding/retention?by=2100-01-01");
        Assert.Equal(concerns.Count, concerns.Count(c => all.Contains(c.Id.ToString(), StringComparison.Ordinal)));
        Assert.Matches($"{sexual.Id}[\\s\\S]*?Never destroy", all);
        Assert.Single(NeverDestroy().Matches(all));
        var deputy = await (await StaffSession.SignInAsync(app, DeputyKs3)).GetPageAsync("/safeguarding/retention?by=2100-01-01");
        Assert.Contains(emotional.Id.ToString(), deputy, StringComparison.Ordinal);
        Assert.DoesNotContain(sexual.Id.ToString(), deputy, StringComparison.Ordinal);

        var concernPage = await dsl.GetPageAsync($"/safeguarding/concerns/{sexual.Id}");
        Assert.Contains(sexual.Born.AddYears(25).ToString("d MMM yyyy", CultureInfo.InvariantCulture), concernPage, StringComparison.Ordinal);
        Assert.Contains("Never to be destroyed", concernPage, StringComparison.Ordinal);

        var invalid = await dsl.GetPageAsync("/safeguarding/retention?by=31-02-2035");
        Assert.Contains("href=\"#by\"", invalid, StringComparison.Ordinal);
        Assert.Contains("Enter the date as a real date", invalid, StringComparison.Ordinal);
    }

    /// <summary>The figures of the table row headed <paramref name="heading"/>.</summary>
    private static string[] RowCells(string html, string heading)
    {
        var row = Regex.Match(html, $"<th scope=\"row\" class=\"govuk-table__header\">{Regex.Escape(heading)}</th>([\\s\\S]*?)</tr>");
        Assert.True(row.Success, $"no row for {heading}");
        return [.. Regex.Matches(row.Groups[1].Value, "<td[^>]*>(?:<strong>)?(\\d+)").Select(m => m.Groups[1].Value)];
    }

    private static string StatusCount(string html, string status) =>
        Regex.Match(html, $"<dt class=\"govuk-summary-list__key\">{Regex.Escape(status)}</dt>\\s*<dd class=\"govuk-summary-list__value\">([^<]+)</dd>").Groups[1].Value;

    [GeneratedRegex("Never destroy</strong>")]
    private static partial Regex NeverDestroy();
}
