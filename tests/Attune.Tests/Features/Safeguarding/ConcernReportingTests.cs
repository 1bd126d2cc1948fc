using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attune.Features.Pupils;
using Attune.Features.Safeguarding;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attune.Tests.Features.Safeguarding;

/// <summary>
/// Reporting a concern (KCSIE: any member of staff, straight to the DSL team) and what each person then sees:
/// the DSL team in scope is alerted, emails carry nothing about the child, the reporter sees only received,
/// open or closed, and nobody outside the team reads it.
/// </summary>
public sealed class ConcernReportingTests
{
    private const string Teacher = "teacher@kingsmead.example";
    private const string Dsl = "dsl@kingsmead.example";
    private const string DeputyKs3 = "deputy.ks3@kingsmead.example";
    private const string DeputyKs4 = "pso.ks4@kingsmead.example";
    private const string TrustDsl = "trust.dsl@riverside.example";
    private const string OtherSchoolDsl = "dsl@hollybrook.example";

    private static readonly string[] Everyone = [Dsl, DeputyKs3, DeputyKs4, TrustDsl, OtherSchoolDsl, Teacher, "pastoral.lead@kingsmead.example"];

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_teachers_concern_reaches_the_DSL_team_in_scope_and_the_reporter_sees_only_its_status(DatabaseProvider provider)
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = new AttuneApp(provider, settings: smtp.Settings());
        var first = await YearPupilAsync(app, 9, 0);
        var second = await YearPupilAsync(app, 9, 1);
        var category = await CategoryAsync(app, "Emotional abuse");
        var before = await NotificationCountsAsync(app);
        var teacher = await StaffSession.SignInAsync(app, Teacher);

        var sent = await teacher.PostFormAsync("/concerns/new", Form(category, "no", first.Id, second.Id), formPage: "/concerns/new");

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var receiptPath = sent.Headers.Location!.OriginalString;
        var concernId = Guid.Parse(receiptPath.Split('/')[2]);
        var receipt = await teacher.GetPageAsync(receiptPath);
        Assert.Contains("Concern received", receipt, StringComparison.Ordinal);
        Assert.Contains("not yet opened", receipt, StringComparison.Ordinal);
        Assert.DoesNotContain("stepdad", receipt, StringComparison.Ordinal);

        var saved = await app.QueryAsync(db => db.Concerns.AsNoTracking().Include(c => c.Pupils).SingleAsync(c => c.Id == concernId));
        Assert.Equal(new[] { first.Id, second.Id }.Order(), saved.Pupils.Select(p => p.PupilId).Order());
        Assert.Equal(TwoDaysAgo, saved.OccurredOn);
        Assert.Equal(new TimeOnly(8, 50), saved.OccurredAt);
        Assert.Equal("She said \"he shouts\" & <b>slams doors</b>\nat home.", saved.ChildsWords);
        Assert.Equal(ConcernStatus.New, saved.Status);
        Assert.False(saved.Urgent);

        // The DSL, the KS3 deputy and the trust DSL; not the KS4 deputy, another school's DSL, or anyone else.
        var after = await NotificationCountsAsync(app);
        Assert.Equal([Dsl, DeputyKs3, TrustDsl], Everyone.Where(e => after[e] == before[e] + 1));
        Assert.All(Everyone.Except([Dsl, DeputyKs3, TrustDsl]), e => Assert.Equal(before[e], after[e]));

        await app.SendEmailsAsync();
        Assert.Equal(3, smtp.Received.Count);
        foreach (var email in smtp.Received)
        {
            foreach (var secret in new[] { first.LegalFirstName, first.LegalLastName, second.LegalLastName, first.Upn, "stepdad", "Emotional" })
            {
                Assert.DoesNotContain(secret, email.Raw, StringComparison.OrdinalIgnoreCase);
            }
        }

        // Outside the team: 404, the same as a concern that does not exist.
        foreach (var outsider in new[] { Teacher, DeputyKs4, OtherSchoolDsl, "pastoral.lead@kingsmead.example" })
        {
            var session = outsider == Teacher ? teacher : await StaffSession.SignInAsync(app, outsider);
            var answer = await session.GetAsync($"/safeguarding/concerns/{concernId}");
            Assert.True(answer.StatusCode is HttpStatusCode.NotFound || answer.Headers.Location?.OriginalString.Contains("/access-denied") == true,
                $"{outsider} was answered {answer.StatusCode}");
        }

        // The deputy reads it (marked read only for them); the DSL opens it and so acknowledges it.
        var deputy = await StaffSession.SignInAsync(app, DeputyKs3);
        Assert.Contains(concernId.ToString(), await deputy.GetPageAsync("/safeguarding"), StringComparison.Ordinal);
        var page = await deputy.GetPageAsync($"/safeguarding/concerns/{concernId}");
        Assert.Contains("&lt;b&gt;slams doors&lt;/b&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>slams", page, StringComparison.Ordinal);
        var dsl = await StaffSession.SignInAsync(app, Dsl);
        var queue = await dsl.GetPageAsync("/safeguarding");
        Assert.Matches($"attune-unread\"[^>]*>\\s*<td[^>]*>\\s*<a class=\"govuk-link\" href=\"/safeguarding/concerns/{concernId}\"", queue);
        await dsl.GetPageAsync($"/safeguarding/concerns/{concernId}");

        var read = await app.QueryAsync(async db => new
        {
            Concern = await db.Concerns.AsNoTracking().SingleAsync(c => c.Id == concernId),
            Readers = await db.ConcernReadings.Where(r => r.ConcernId == concernId).CountAsync(),
            Audited = await db.AuditEntries.Where(a => a.RecordType == "Concern" && a.Action == "read" && a.RecordId == concernId.ToString()).Select(a => a.PupilId).ToListAsync(),
        });
        Assert.Equal(ConcernStatus.Open, read.Concern.Status);
        Assert.Equal(await app.UserIdAsync(DeputyKs3), read.Concern.AcknowledgedByUserId);
        Assert.Equal(2, read.Readers);
        Assert.Equal(4, read.Audited.Count);
        Assert.Equal(new[] { first.Id, second.Id }.Order(), read.Audited.Distinct().Select(id => id!.Value).Order());
        Assert.Contains("Open", await teacher.GetPageAsync("/concerns/mine"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_child_in_immediate_danger_alerts_every_DSL_and_deputy_in_scope_and_DSL_only_categories_skip_deputies(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var pupil = await YearPupilAsync(app, 10, 2);
        var teacher = await StaffSession.SignInAsync(app, Teacher);

        var before = await NotificationCountsAsync(app, "Urgent safeguarding concern");
        var urgent = await teacher.PostFormAsync("/concerns/new", Form(await CategoryAsync(app, "Self-harm or suicidal thoughts"), "yes", pupil.Id), formPage: "/concerns/new");
        var receipt = await teacher.GetPageAsync(urgent.Headers.Location!.OriginalString);
        Assert.Contains("find one in person now", receipt, StringComparison.Ordinal);
        Assert.Contains("call 999", receipt, StringComparison.Ordinal);
        var afterUrgent = await NotificationCountsAsync(app, "Urgent safeguarding concern");
        Assert.Equal([Dsl, DeputyKs4, TrustDsl], Everyone.Where(e => afterUrgent[e] == before[e] + 1));

        var dslOnly = await teacher.PostFormAsync("/concerns/new", Form(await CategoryAsync(app, "Sexual abuse"), "yes", pupil.Id), formPage: "/concerns/new");
        var dslOnlyId = Guid.Parse(dslOnly.Headers.Location!.OriginalString.Split('/')[2]);
        var afterDslOnly = await NotificationCountsAsync(app, "Urgent safeguarding concern");
        Assert.Equal([Dsl, TrustDsl], Everyone.Where(e => afterDslOnly[e] == afterUrgent[e] + 1));

        var deputy = await StaffSession.SignInAsync(app, DeputyKs4);
        Assert.Equal(HttpStatusCode.NotFound, (await deputy.GetAsync($"/safeguarding/concerns/{dslOnlyId}")).StatusCode);
        Assert.DoesNotContain(dslOnlyId.ToString(), await deputy.GetPageAsync("/safeguarding"), StringComparison.Ordinal);
        var queue = await (await StaffSession.SignInAsync(app, Dsl)).GetPageAsync("/safeguarding");
        Assert.Contains(dslOnlyId.ToString(), queue, StringComparison.Ordinal);
        Assert.True(queue.LastIndexOf("Urgent, not opened", StringComparison.Ordinal) < queue.IndexOf("govuk-tag--blue", StringComparison.Ordinal),
            "urgent concerns not yet opened come before the others");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_report_with_problems_names_each_field_and_saves_nothing(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var pupil = await YearPupilAsync(app, 8, 0);
        var category = await CategoryAsync(app, "Neglect");
        var teacher = await StaffSession.SignInAsync(app, Teacher);
        var counts = await app.QueryAsync(async db => (await db.Concerns.CountAsync(), await db.Notifications.CountAsync()));

        var empty = await (await teacher.PostFormAsync("/concerns/new", new() { ["OccurredOn"] = "" }, formPage: "/concerns/new")).Content.ReadAsStringAsync();
        foreach (var message in new[] { "Select yes if a child is in immediate danger", "Choose the pupil or pupils this concern is about", "Enter the date it happened", "Enter what you saw, heard or were told" })
        {
            Assert.Contains(message, empty, StringComparison.Ordinal);
        }

        Assert.Contains("<title>Error: Report a concern", empty, StringComparison.Ordinal);

        var form = Form(category, "no", pupil.Id);
        form["OccurredOn"] = "2099-01-01";
        form["OccurredAt"] = "25:99";
        form["Account"] = "Bad\u0007bell";
        form["Location"] = new string('x', 201);
        var wrong = await (await teacher.PostFormAsync("/concerns/new", form, formPage: "/concerns/new")).Content.ReadAsStringAsync();
        Assert.Contains("The date it happened must be today or in the past", wrong, StringComparison.Ordinal);
        Assert.Contains("Enter the time it happened like 14:30", wrong, StringComparison.Ordinal);
        Assert.Contains("What you saw, heard or were told contains hidden control", wrong, StringComparison.Ordinal);
        Assert.Contains("Where it happened must be 200 characters or fewer", wrong, StringComparison.Ordinal);
        Assert.Contains($"value=\"{pupil.Id}\"", wrong, StringComparison.Ordinal);

        // A pupil of another school is not one this teacher can report about: 404, as if no such pupil.
        var elsewhere = await app.PupilAsync("Hollybrook School");
        var refused = await teacher.PostFormAsync("/concerns/new", Form(category, "no", elsewhere.Id), formPage: "/concerns/new");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        Assert.Equal(counts, await app.QueryAsync(async db => (await db.Concerns.CountAsync(), await db.Notifications.CountAsync())));
    }

    [Fact]
    public async Task The_pupil_overview_links_to_a_report_about_that_pupil_already_chosen()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var pupil = await YearPupilAsync(app, 9, 2);
        var dsl = await StaffSession.SignInAsync(app, Dsl);

        Assert.Contains($"href=\"/concerns/new?pupil={pupil.Id}\"", await dsl.GetPageAsync($"/pupils/{pupil.Id}"), StringComparison.Ordinal);
        var form = await dsl.GetPageAsync($"/concerns/new?pupil={pupil.Id}");
        Assert.Contains($"name=\"pupil\" value=\"{pupil.Id}\"", form, StringComparison.Ordinal);
        Assert.Contains("Add another pupil (optional)", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pupil_search_on_the_form_finds_pupils_of_the_reporters_school_and_keeps_what_was_typed()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var kingsmead = await YearPupilAsync(app, 11, 0);
        var reporter = await StaffSession.SignInAsync(app, "lunchtime@kingsmead.example");
        var fields = new Dictionary<string, string> { ["Query"] = kingsmead.LegalLastName, ["Account"] = "Typed before searching" };

        var found = await (await reporter.PostFormAsync("/concerns/new?handler=find", fields, formPage: "/concerns/new")).Content.ReadAsStringAsync();

        Assert.Contains($"name=\"pupil\" value=\"{kingsmead.Id}\"", found, StringComparison.Ordinal);
        Assert.Contains("Typed before searching", found, StringComparison.Ordinal);
        var hollybrookIds = await app.QueryAsync(db => db.Pupils.Where(p => p.School!.Name == "Hollybrook School").Select(p => p.Id).ToListAsync());
        Assert.DoesNotContain(hollybrookIds, id => found.Contains(id.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_API_takes_a_concern_and_gives_the_DSL_team_the_queue_and_the_audited_record(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var pupil = await YearPupilAsync(app, 7, 3);
        var (_, teacher) = await app.TokenClientAsync(Teacher);
        var (_, dsl) = await app.TokenClientAsync(Dsl);

        var categories = await teacher.GetFromJsonAsync<JsonElement>("/api/v1/concern-categories");
        var other = categories.EnumerateArray().First(c => c.GetProperty("name").GetString() == "Other").GetProperty("id").GetGuid();

        var invalid = await teacher.PostAsJsonAsync("/api/v1/concerns", new { pupilIds = new[] { pupil.Id }, categoryId = other });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("account", out _) && errors.TryGetProperty("immediateDanger", out _) && errors.TryGetProperty("occurredOn", out _), errors.ToString());

        var created = await teacher.PostAsJsonAsync("/api/v1/concerns", new
        {
            pupilIds = new[] { pupil.Id },
            occurredOn = TwoDaysAgo.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            occurredAt = "10:15",
            account = "Said they had nowhere to sleep last night.",
            categoryId = other,
            immediateDanger = false,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var receipt = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = receipt.GetProperty("id").GetGuid();
        Assert.Equal("New", receipt.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync(created.Headers.Location)).StatusCode);
        Assert.Contains(id.ToString(), await teacher.GetStringAsync("/api/v1/concerns/reported"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/api/v1/concerns")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync($"/api/v1/concerns/{id}")).StatusCode);
        var queue = await dsl.GetFromJsonAsync<JsonElement>("/api/v1/concerns");
        var item = queue.EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);
        Assert.True(item.GetProperty("unread").GetBoolean());

        var details = await dsl.GetFromJsonAsync<JsonElement>($"/api/v1/concerns/{id}");
        Assert.Equal("Said they had nowhere to sleep last night.", details.GetProperty("account").GetString());
        Assert.Equal(1, await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.RecordType == "Concern" && a.Action == "read" && a.RecordId == id.ToString() && a.PupilId == pupil.Id)));
    }

    private static DateOnly TwoDaysAgo => DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2));

    private static Dictionary<string, string> Form(Guid category, string immediateDanger, params Guid[] pupils)
    {
        var form = new Dictionary<string, string>
        {
            ["ImmediateDanger"] = immediateDanger,
            ["OccurredOn"] = TwoDaysAgo.ToString("d/M/yyyy", System.Globalization.CultureInfo.InvariantCulture),
            ["OccurredAt"] = "08:50",
            ["Location"] = "Form room",
            ["CategoryId"] = category.ToString(),
            ["Account"] = "Arrived upset and said their stepdad had been shouting all night.",
            ["ChildsWords"] = "She said \"he shouts\" & <b>slams doors</b>\r\nat home.",
            ["ActionTaken"] = "Listened, reassured, came straight to report.",
        };
        for (var i = 0; i < pupils.Length; i++)
        {
            form[$"pupil[{i}]"] = pupils[i].ToString();
        }

        return form;
    }

    private static Task<Pupil> YearPupilAsync(AttuneApp app, int year, int skip) =>
        app.QueryAsync(db => db.Pupils.AsNoTracking()
            .Where(p => p.School!.Name == "Kingsmead Academy" && p.YearGroup!.NationalCurriculumYear == year && p.LeftOn == null)
            .OrderBy(p => p.Upn).Skip(skip).FirstAsync());

    private static Task<Guid> CategoryAsync(AttuneApp app, string name) =>
        app.QueryAsync(db => db.ConcernCategories.Where(c => db.Schools.Any(s => s.Id == c.SchoolId && s.Name == "Kingsmead Academy") && c.Name == name).Select(c => c.Id).SingleAsync());

    private static Task<Dictionary<string, int>> NotificationCountsAsync(AttuneApp app, string? category = null) =>
        app.QueryAsync(async db =>
        {
            var counts = new Dictionary<string, int>();
            foreach (var email in Everyone)
            {
                counts[email] = await db.Notifications.CountAsync(n => n.Recipient!.Email == email && (category == null || n.Category == category));
            }

            return counts;
        });
}
