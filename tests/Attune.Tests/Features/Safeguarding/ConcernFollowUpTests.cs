using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attune.Features.Safeguarding;
using Attune.Platform.Calendar;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Features.Safeguarding;

/// <summary>
/// What the DSL team does after triage: referrals with their statutory response time and an alert when the
/// response is late, multi-agency meetings, corrections that keep the earlier text, "entered in error" by a DSL
/// only, and the pupil's chronology built from all of it, on screen, through the API and as a PDF.
/// </summary>
public sealed class ConcernFollowUpTests
{
    private const string Dsl = "dsl@kingsmead.example";
    private const string DeputyKs3 = "deputy.ks3@kingsmead.example";
    private const string Teacher = "teacher@kingsmead.example";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_social_care_referral_is_due_in_one_working_day_and_a_late_response_alerts_the_owner_once(DatabaseProvider provider)
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = new AttuneApp(provider, settings: smtp.Settings());
        var concern = await Ks3ConcernAsync(app);
        var pupil = await app.QueryAsync(db => db.ConcernPupils.Where(p => p.ConcernId == concern.Id).Select(p => p.Pupil!).SingleAsync());
        var (_, api) = await app.TokenClientAsync(DeputyKs3);
        var deputyId = await app.UserIdAsync(DeputyKs3);
        await TriageAsync(api, concern.Id, deputyId);
        var today = Today(app);

        var invalid = await api.PostAsJsonAsync($"/api/v1/concerns/{concern.Id}/referrals", new { agency = "socialServices", madeOn = today.AddDays(1) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var problems = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var field in new[] { "agency", "agencyName", "method", "summary", "madeOn" })
        {
            Assert.True(problems.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
        }

        Assert.Equal(0, await app.QueryAsync(db => db.Referrals.CountAsync()));

        var made = await api.PostAsJsonAsync($"/api/v1/concerns/{concern.Id}/referrals", new
        {
            agency = "childrensSocialCare", agencyName = "Kingsmead MASH", madeOn = today, madeAt = "10:15", method = "phone",
            summary = "Shared the disclosure and the stepfather's shouting; asked for a strategy discussion.",
        });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var referral = await made.Content.ReadFromJsonAsync<JsonElement>();
        var due = DateOnly.Parse(referral.GetProperty("responseDueOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(WorkingDays.Add(today, 1), due);
        Assert.True(WorkingDays.IsWorkingDay(due) && due > today);

        // Nothing is late yet: no alert.
        Assert.Equal(0, await AlertAsync(app));

        // The day after the due date: the owner is alerted, once, and the email names no pupil.
        app.Clock.Advance(TimeSpan.FromDays(due.DayNumber - today.DayNumber + 1));
        Assert.Equal(1, await AlertAsync(app));
        Assert.Equal(0, await AlertAsync(app));
        Assert.Equal(1, await app.QueryAsync(db => db.Notifications.CountAsync(n => n.RecipientUserId == deputyId && n.Category == "Referral response overdue")));
        await app.SendEmailsAsync();
        var alert = Assert.Single(smtp.Received, e => e.Raw.Contains("Referral response overdue", StringComparison.Ordinal));
        foreach (var secret in new[] { pupil.LegalFirstName, pupil.LegalLastName, pupil.Upn, "MASH", "stepfather" })
        {
            Assert.DoesNotContain(secret, alert.Raw, StringComparison.OrdinalIgnoreCase);
        }

        // The DSL sees it flagged and escalates, agreeing a new date: that re-arms the alert.
        var dsl = await StaffSession.SignInAsync(app, Dsl);
        Assert.Contains("Response overdue", await dsl.GetPageAsync($"/safeguarding/concerns/{concern.Id}"), StringComparison.Ordinal);
        var referralId = referral.GetProperty("id").GetGuid();
        var later = Today(app);
        var updatePath = $"/safeguarding/concerns/{concern.Id}/referrals/{referralId}/update";
        var escalated = await dsl.PostFormAsync(updatePath, new()
        {
            ["Version"] = referral.GetProperty("version").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kind"] = "Escalation", ["On"] = later.ToString("yyyy-MM-dd"), ["Note"] = "Escalated to the MASH team manager, who will call back.",
            ["NewResponseDueOn"] = later.AddDays(2).ToString("yyyy-MM-dd"),
        }, formPage: updatePath);
        Assert.Equal(HttpStatusCode.Redirect, escalated.StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(1, await AlertAsync(app));

        // A response sent from a stale copy is refused; the current one is recorded.
        var stale = await api.PostAsJsonAsync($"/api/v1/concerns/{concern.Id}/referrals/{referralId}/updates",
            new { kind = "response", version = referral.GetProperty("version").GetInt32(), on = Today(app), note = "Accepted for assessment." });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var current = await app.QueryAsync(db => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == referralId));
        var answered = await api.PostAsJsonAsync($"/api/v1/concerns/{concern.Id}/referrals/{referralId}/updates",
            new { kind = "response", version = current.Version, on = Today(app), note = "Accepted for a child and family assessment; social worker allocated." });
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        var saved = await app.QueryAsync(db => db.Referrals.AsNoTracking().Include(r => r.Updates).SingleAsync(r => r.Id == referralId));
        Assert.Equal(Today(app), saved.ResponseOn);
        Assert.Equal([ReferralUpdateKind.Escalation, ReferralUpdateKind.Response], saved.Updates.OrderBy(u => u.RecordedUtc).Select(u => u.Kind));
        Assert.False(saved.IsResponseOverdue(Today(app)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_meeting_is_recorded_only_when_complete_and_the_page_names_each_missing_field(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var concern = await Ks3ConcernAsync(app);
        var dsl = await StaffSession.SignInAsync(app, Dsl);
        var path = $"/safeguarding/concerns/{concern.Id}/meetings/new";

        var empty = await dsl.PostFormAsync(path, new() { ["HeldAt"] = "25:99", ["NextMeetingOn"] = "soon" }, formPage: path);
        var page = await empty.Content.ReadAsStringAsync();
        foreach (var message in new[] { "Select the kind of meeting", "Enter the date the meeting was held", "Enter the time like 14:30", "Enter who attended", "Enter what the meeting decided", "Enter the next meeting&#x27;s date" })
        {
            Assert.Contains(message, page, StringComparison.Ordinal);
        }

        Assert.Contains("aria-describedby=\"Attendees-hint Attendees-error\"", page, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.SafeguardingMeetings.CountAsync()));

        var saved = await dsl.PostFormAsync(path, new()
        {
            ["Kind"] = "StrategyDiscussion", ["HeldOn"] = Today(app).ToString("yyyy-MM-dd"), ["HeldAt"] = "09:30",
            ["Attendees"] = "D. Shah (DSL); MASH social worker; DC Patel, police", ["Decisions"] = "Section 47 enquiry to begin.",
        }, formPage: path);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Section 47 enquiry to begin.", await dsl.GetPageAsync($"/safeguarding/concerns/{concern.Id}"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_correction_keeps_what_the_concern_said_before_and_only_a_DSL_can_mark_it_entered_in_error(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var concern = await Ks3ConcernAsync(app);
        var deputy = await StaffSession.SignInAsync(app, DeputyKs3);
        var original = concern.Account;
        var correctPath = $"/safeguarding/concerns/{concern.Id}/correct?field=Account";
        Assert.Contains(WebUtility.HtmlEncode(original), await deputy.GetPageAsync(correctPath), StringComparison.Ordinal);

        var unexplained = await deputy.PostFormAsync($"/safeguarding/concerns/{concern.Id}/correct", new()
        {
            ["Field"] = "Account", ["Version"] = concern.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Text"] = original.Replace("tonight", "this weekend", StringComparison.Ordinal),
        }, formPage: correctPath);
        Assert.Contains("Enter why the correction is needed", await unexplained.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var corrected = await deputy.PostFormAsync($"/safeguarding/concerns/{concern.Id}/correct", new()
        {
            ["Field"] = "Account", ["Version"] = concern.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Text"] = original.Replace("tonight", "this weekend", StringComparison.Ordinal), ["Reason"] = "Checked with the teacher: the pupil said this weekend.",
        }, formPage: correctPath);
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        var amendment = await app.QueryAsync(db => db.ConcernAmendments.AsNoTracking().SingleAsync(a => a.ConcernId == concern.Id));
        Assert.Equal(original, amendment.Before);
        Assert.Contains("this weekend", amendment.After, StringComparison.Ordinal);
        var page = await deputy.GetPageAsync($"/safeguarding/concerns/{concern.Id}");
        Assert.Contains(WebUtility.HtmlEncode(original), page, StringComparison.Ordinal);
        Assert.DoesNotContain("Mark as entered in error", page, StringComparison.Ordinal);

        // A deputy may work on the concern but not declare it entered in error: 404.
        Assert.Equal(HttpStatusCode.NotFound, (await deputy.GetAsync($"/safeguarding/concerns/{concern.Id}/entered-in-error")).StatusCode);

        var dsl = await StaffSession.SignInAsync(app, Dsl);
        var inErrorPath = $"/safeguarding/concerns/{concern.Id}/entered-in-error";
        var version = await app.QueryAsync(async db => (await db.Concerns.AsNoTracking().SingleAsync(c => c.Id == concern.Id)).Version);
        var marked = await dsl.PostFormAsync(inErrorPath, new() { ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Reason"] = "Recorded against the wrong pupil; re-reported for the right one." }, formPage: inErrorPath);
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        var after = await app.QueryAsync(db => db.Concerns.AsNoTracking().SingleAsync(c => c.Id == concern.Id));
        Assert.Equal(ConcernStatus.Closed, after.Status);
        Assert.NotNull(after.EnteredInErrorUtc);
        Assert.Contains("Entered in error", await dsl.GetPageAsync($"/safeguarding/concerns/{concern.Id}"), StringComparison.Ordinal);

        // It cannot be reopened, and it is still in the pupil's chronology, marked.
        var (_, api) = await app.TokenClientAsync(Dsl);
        var reopen = await api.PostAsJsonAsync($"/api/v1/concerns/{concern.Id}/decisions", new { kind = "reopen", version = after.Version, reason = "Try" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reopen.StatusCode);
        var pupilId = await app.QueryAsync(db => db.ConcernPupils.Where(p => p.ConcernId == concern.Id).Select(p => p.PupilId).SingleAsync());
        var chronology = await api.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupilId}/chronology");
        var events = chronology.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("concernId").GetString() == concern.Id.ToString()).ToList();
        Assert.All(events, e => Assert.True(e.GetProperty("enteredInError").GetBoolean()));
        Assert.Contains(events, e => e.GetProperty("title").GetString() == "Concern marked entered in error");
        Assert.Contains(events, e => e.GetProperty("title").GetString() == "Concern corrected: What was seen, heard or said");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_chronology_is_in_event_order_filters_by_type_and_category_hides_what_the_reader_may_not_see_and_is_audited(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var concern = await Ks3ConcernAsync(app);
        var pupilId = await app.QueryAsync(db => db.ConcernPupils.Where(p => p.ConcernId == concern.Id).Select(p => p.PupilId).SingleAsync());
        var (_, dslApi) = await app.TokenClientAsync(Dsl);
        await TriageAsync(dslApi, concern.Id, await app.UserIdAsync(Dsl));
        var today = Today(app);
        Assert.Equal(HttpStatusCode.Created, (await dslApi.PostAsJsonAsync($"/api/v1/concerns/{concern.Id}/meetings", new
        {
            kind = "strategyDiscussion", heldOn = today, attendees = "DSL; MASH", decisions = "Section 47 enquiry.",
        })).StatusCode);

        // A DSL-only concern about the same pupil, reported a week earlier than the first happened.
        var (_, teacherApi) = await app.TokenClientAsync(Teacher);
        var categories = await teacherApi.GetFromJsonAsync<JsonElement>("/api/v1/concern-categories");
        var sexualAbuse = categories.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Sexual abuse" && c.GetProperty("dslOnly").GetBoolean()).GetProperty("id").GetGuid();
        var earlier = concern.OccurredOn.AddDays(-7);
        var reported = await teacherApi.PostAsJsonAsync("/api/v1/concerns", new
        {
            pupilIds = new[] { pupilId }, occurredOn = earlier, account = "Said an older cousin makes them keep secrets.", categoryId = sexualAbuse, immediateDanger = false,
        });
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);

        var all = await dslApi.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupilId}/chronology");
        var events = all.GetProperty("events").EnumerateArray().ToList();
        var when = events.Select(e => e.GetProperty("when").GetString()!).ToList();
        Assert.Equal(when.Order(StringComparer.Ordinal), when);
        Assert.Equal("Concern: Sexual abuse", events[0].GetProperty("title").GetString());
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "decision");
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "meeting");

        var meetingsOnly = await dslApi.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupilId}/chronology?type=meeting");
        Assert.All(meetingsOnly.GetProperty("events").EnumerateArray(), e => Assert.Equal("meeting", e.GetProperty("type").GetString()));
        var byCategory = await dslApi.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupilId}/chronology?category={sexualAbuse}");
        Assert.All(byCategory.GetProperty("events").EnumerateArray(), e => Assert.Equal("Sexual abuse", e.GetProperty("category").GetString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await dslApi.GetAsync($"/api/v1/pupils/{pupilId}/chronology?type=gossip")).StatusCode);

        // The deputy sees the chronology without the DSL-only concern, not even a gap.
        var deputy = await StaffSession.SignInAsync(app, DeputyKs3);
        var deputyPage = await deputy.GetPageAsync($"/safeguarding/pupils/{pupilId}/chronology");
        Assert.Contains("Concern: Emotional abuse", deputyPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Sexual abuse", deputyPage, StringComparison.Ordinal);
        Assert.DoesNotContain("cousin", deputyPage, StringComparison.Ordinal);

        // Staff outside the DSL team: 404.
        var teacher = await StaffSession.SignInAsync(app, Teacher);
        Refusal.Assert(await teacher.GetAsync($"/safeguarding/pupils/{pupilId}/chronology"));
        Refusal.Assert(await teacherApi.GetAsync($"/api/v1/pupils/{pupilId}/chronology"));

        var deputyId = await app.UserIdAsync(DeputyKs3);
        Assert.Equal(1, await app.QueryAsync(db => db.AuditEntries.CountAsync(a =>
            a.ActorUserId == deputyId && a.RecordType == "Chronology" && a.Action == "read" && a.PupilId == pupilId)));

        // The PDF: a real PDF, audited as an export.
        var pdf = await deputy.PostFormAsync($"/safeguarding/pupils/{pupilId}/chronology/export", new(), formPage: $"/safeguarding/pupils/{pupilId}/chronology");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        Assert.Equal(1, await app.QueryAsync(db => db.AuditEntries.CountAsync(a =>
            a.ActorUserId == deputyId && a.RecordType == "Chronology" && a.Action == "export" && a.PupilId == pupilId)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Safeguarding_statuses_have_dates_show_in_the_chronology_and_are_for_the_DSL_team_only(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var concern = await Ks3ConcernAsync(app);
        var pupilId = await app.QueryAsync(db => db.ConcernPupils.Where(p => p.ConcernId == concern.Id).Select(p => p.PupilId).SingleAsync());
        var deputy = await StaffSession.SignInAsync(app, DeputyKs3);
        var path = $"/safeguarding/pupils/{pupilId}/statuses";
        var start = Today(app).AddDays(-10);

        var future = await deputy.PostFormAsync(path, new() { ["Kind"] = "ChildInNeedPlan", ["StartedOn"] = Today(app).AddDays(3).ToString("yyyy-MM-dd") }, formPage: path);
        Assert.Contains("The start date must be today or earlier", await future.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var saved = await deputy.PostFormAsync(path, new() { ["Kind"] = "ChildInNeedPlan", ["StartedOn"] = start.ToString("yyyy-MM-dd"), ["Note"] = "Kingsmead children's services" }, formPage: path);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var twice = await deputy.PostFormAsync(path, new() { ["Kind"] = "ChildInNeedPlan", ["StartedOn"] = start.ToString("yyyy-MM-dd") }, formPage: path);
        Assert.Contains("Child in need plan is already current", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Contains("Kingsmead children&#x27;s services", await deputy.GetPageAsync(path), StringComparison.Ordinal);
        var deputyId = await app.UserIdAsync(DeputyKs3);
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a =>
            a.ActorUserId == deputyId && a.Action == "read" && a.RecordType == nameof(PupilSafeguardingStatus) && a.PupilId == pupilId)), "viewing the statuses is audited");
        var chronology = await deputy.GetPageAsync($"/safeguarding/pupils/{pupilId}/chronology");
        Assert.Contains("Child in need plan since " + start.ToString("d MMM yyyy"), chronology, StringComparison.Ordinal);
        Assert.Contains("Child in need plan: started", chronology, StringComparison.Ordinal);

        var teacher = await StaffSession.SignInAsync(app, Teacher);
        Refusal.Assert(await teacher.GetAsync(path));
        Assert.DoesNotContain("Child in need", await teacher.GetPageAsync($"/pupils/{pupilId}"), StringComparison.Ordinal);
    }


    private static DateOnly Today(AttuneApp app) => DateOnly.FromDateTime(LocalTime.ToUk(app.Clock.GetUtcNow().UtcDateTime));

    private static Task<int> AlertAsync(AttuneApp app) =>
        app.WithScopeAsync(services => services.GetRequiredService<ReferralEscalation>().AlertOverdueAsync());

    private static async Task TriageAsync(HttpClient api, Guid concernId, Guid ownerId)
    {
        var concern = await api.GetFromJsonAsync<JsonElement>($"/api/v1/concerns/{concernId}");
        var triaged = await api.PostAsJsonAsync($"/api/v1/concerns/{concernId}/decisions", new
        {
            kind = "triage", version = concern.GetProperty("version").GetInt32(), levelOfNeed = "Child in need", ownerUserId = ownerId, decision = "Refer to MASH today.",
        });
        Assert.Equal(HttpStatusCode.Created, triaged.StatusCode);
    }

    private static Task<Concern> Ks3ConcernAsync(AttuneApp app) =>
        app.QueryAsync(db => db.Concerns.AsNoTracking().Where(c => c.Category!.Name == "Emotional abuse" && c.School!.Name == "Kingsmead Academy").SingleAsync());
}
