using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attune.Features.Keywork;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Features.Keywork;

/// <summary>
/// Keywork at Kingsmead: passports keep every version and refuse edits made from an older one; teaching staff see
/// only the need-to-know parts, are told of changes once, not per save; keyworkers are handed over with a note and
/// reach their caseload; sessions, check-ins, the concern button and "my caseload".
/// </summary>
public sealed class KeyworkTests
{
    private const string PastoralLead = "pastoral.lead@kingsmead.example";
    private const string Teacher = "teacher@kingsmead.example";
    private const string Ks4Keyworker = "pso.ks4@kingsmead.example";
    private const string Ks3Keyworker = "deputy.ks3@kingsmead.example";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Passports_keep_every_version_refuse_stale_edits_and_show_teachers_only_what_they_need(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var (taught, untaught) = await TaughtAndUntaughtAsync(app);
        var (_, lead) = await app.TokenClientAsync(PastoralLead);
        var (teacherSession, teacher) = await app.TokenClientAsync(Teacher);
        var passport = $"/api/v1/pupils/{taught}/passport";
        var review = Today(app).AddMonths(6);

        var none = await lead.GetFromJsonAsync<JsonElement>(passport);
        Assert.Equal(0, none.GetProperty("number").GetInt32());
        var first = await lead.PutAsJsonAsync(passport, new
        {
            fields = new Dictionary<string, string> { ["aboutMe"] = "I like drawing.", ["triggers"] = "Loud corridors.", ["semhNeeds"] = "Low mood since bereavement." },
            reviewDueOn = review,
        });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var v1 = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        var second = await lead.PutAsJsonAsync(passport, new
        {
            version = v1,
            fields = new Dictionary<string, string> { ["aboutMe"] = "I like drawing.", ["triggers"] = "Loud corridors; supply teachers.", ["semhNeeds"] = "Low mood since bereavement." },
            reviewDueOn = review, changeNote = "Reviewed with the pupil.",
        });
        Assert.Equal(2, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt32());

        // An edit from version 1 is refused whole: nothing saved, and the answer says who saved since.
        var stale = await lead.PutAsJsonAsync(passport, new { version = v1, fields = new Dictionary<string, string> { ["aboutMe"] = "Overwritten?" }, reviewDueOn = review });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("version 2", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("I like drawing.", await app.QueryAsync(db => db.PupilPassports.Where(p => p.PupilId == taught).Select(p => p.Content).SingleAsync()).ContinueWith(t => t.Result["aboutMe"]));
        Assert.Equal(2, await app.QueryAsync(db => db.DocumentVersions.CountAsync(v => v.PupilId == taught)));

        // Unknown fields and past review dates are named and change nothing.
        var current = (await lead.GetFromJsonAsync<JsonElement>(passport)).GetProperty("version").GetInt32();
        var bad = await lead.PutAsJsonAsync(passport, new { version = current, fields = new Dictionary<string, string> { ["favouriteColour"] = "Blue" }, reviewDueOn = Today(app).AddDays(-1) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("favouriteColour", problem, StringComparison.Ordinal);
        Assert.Contains("today or later", problem, StringComparison.Ordinal);

        var versions = await lead.GetFromJsonAsync<JsonElement>($"{passport}/versions");
        Assert.Equal(2, versions.GetArrayLength());
        Assert.Equal("triggers", versions[0].GetProperty("changed")[0].GetString());

        // The teacher sees the need-to-know parts of a pupil they teach, never the SEMH notes, and nothing of the full passport.
        var needToKnow = await teacher.GetFromJsonAsync<JsonElement>($"{passport}/need-to-know");
        Assert.Equal("Loud corridors; supply teachers.", needToKnow.GetProperty("fields").GetProperty("triggers").GetString());
        Assert.False(needToKnow.GetProperty("fields").TryGetProperty("semhNeeds", out _));
        Assert.DoesNotContain("bereavement", await teacherSession.GetPageAsync($"/pupils/{taught}/passport/need-to-know"), StringComparison.Ordinal);
        Refusal.Assert(await teacher.GetAsync(passport));
        Refusal.Assert(await teacherSession.GetAsync($"/pupils/{taught}/passport"));
        Refusal.Assert(await teacher.GetAsync($"/api/v1/pupils/{untaught}/passport/need-to-know"));
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.RecordType == "NeedToKnowPassport" && a.Action == "read" && a.PupilId == taught)));

        // Two saves, one waiting notification; reading the list clears it; the next change starts a new one.
        var teacherId = await app.QueryAsync(db => db.Users.Where(u => u.Email == Teacher).Select(u => u.Id).SingleAsync());
        Task<int> Waiting() => app.QueryAsync(db => db.Notifications.CountAsync(n => n.RecipientUserId == teacherId && n.Category == PupilPassports.DigestCategory && n.ReadUtc == null));
        Assert.Equal(1, await Waiting());
        Assert.Contains($"/pupils/{taught}/passport/need-to-know", await teacherSession.GetPageAsync("/passports/updated"), StringComparison.Ordinal);
        Assert.Equal(0, await Waiting());
        var v2 = (await lead.GetFromJsonAsync<JsonElement>(passport)).GetProperty("version").GetInt32();
        await lead.PutAsJsonAsync(passport, new
        {
            version = v2,
            fields = new Dictionary<string, string> { ["aboutMe"] = "I like drawing.", ["triggers"] = "Loud corridors; supply teachers.", ["semhNeeds"] = "Seeing the school counsellor." },
            reviewDueOn = review,
        });
        Assert.Equal(0, await Waiting());
        var v3 = (await lead.GetFromJsonAsync<JsonElement>(passport)).GetProperty("version").GetInt32();
        await lead.PutAsJsonAsync(passport, new
        {
            version = v3,
            fields = new Dictionary<string, string> { ["aboutMe"] = "I like drawing and football.", ["triggers"] = "Loud corridors; supply teachers.", ["semhNeeds"] = "Seeing the school counsellor." },
            reviewDueOn = review,
        });
        Assert.Equal(1, await Waiting());
        Assert.DoesNotContain(await app.QueryAsync(db => db.Notifications.Where(n => n.RecipientUserId == teacherId).Select(n => n.Summary).ToListAsync()),
            summary => summary.Contains("drawing", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_passport_form_keeps_the_editors_text_and_shows_what_someone_else_saved_meanwhile(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var (pupil, _) = await TaughtAndUntaughtAsync(app);
        var lead = await StaffSession.SignInAsync(app, PastoralLead);
        var (_, keyworkerApi) = await app.TokenClientAsync(PastoralLead);
        var edit = $"/pupils/{pupil}/passport/edit";
        var review = Today(app).AddMonths(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var empty = await (await lead.PostFormAsync(edit, new() { ["ReviewDueOn"] = review })).Content.ReadAsStringAsync();
        Assert.Contains("Write at least one part of the passport", empty, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostFormAsync(edit, new() { ["aboutMe"] = "First words.", ["ReviewDueOn"] = review })).StatusCode);

        // Someone saves through the API after the form was opened at version 0.
        Assert.Equal(HttpStatusCode.OK, (await keyworkerApi.PutAsJsonAsync($"/api/v1/pupils/{pupil}/passport", new
        {
            version = 0, fields = new Dictionary<string, string> { ["aboutMe"] = "Their words.", ["allergies"] = "Peanuts." }, reviewDueOn = Today(app).AddMonths(3),
        })).StatusCode);
        var refused = await lead.PostFormAsync(edit, new() { ["Version"] = "0", ["aboutMe"] = "My words.", ["ReviewDueOn"] = review }, formPage: $"/pupils/{pupil}/passport");
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Nothing was saved", html, StringComparison.Ordinal);
        Assert.Contains("My words.", html, StringComparison.Ordinal);
        Assert.Contains("Their words.", html, StringComparison.Ordinal);
        Assert.Contains("Peanuts.", html, StringComparison.Ordinal);
        Assert.Equal("Their words.", (await app.QueryAsync(db => db.PupilPassports.Where(p => p.PupilId == pupil).Select(p => p.Content).SingleAsync()))["aboutMe"]);

        // Saving again from the form as shown (it now carries the current version) is a deliberate choice, and it lands.
        Assert.Contains("name=\"Version\" value=\"1\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostFormAsync(edit, new() { ["Version"] = "1", ["aboutMe"] = "My words.", ["allergies"] = "Peanuts.", ["ReviewDueOn"] = review })).StatusCode);
        Assert.Equal(3, await app.QueryAsync(db => db.DocumentVersions.CountAsync(v => v.PupilId == pupil)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_pastoral_lead_hands_a_pupil_to_a_new_keyworker_who_then_reaches_them(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var ks4 = await app.QueryAsync(db => db.Users.Where(u => u.Email == Ks4Keyworker).Select(u => u.Id).SingleAsync());
        var ks3 = await app.QueryAsync(db => db.Users.Where(u => u.Email == Ks3Keyworker).Select(u => u.Id).SingleAsync());
        var pupil = await app.QueryAsync(db => db.KeyworkerAllocations.Where(k => k.StaffUserId == ks3).Select(k => k.PupilId).FirstAsync());
        var keyworker = await StaffSession.SignInAsync(app, Ks4Keyworker);
        Refusal.Assert(await keyworker.GetAsync($"/pupils/{pupil}/passport"));

        var lead = await StaffSession.SignInAsync(app, PastoralLead);
        var page = $"/pupils/{pupil}/keyworkers";
        var missing = await (await lead.PostFormAsync(page, new() { ["HandoverNote"] = "x" })).Content.ReadAsStringAsync();
        Assert.Contains("Choose the keyworker", missing, StringComparison.Ordinal);
        Assert.Contains("Select whether they are the primary", missing, StringComparison.Ordinal);
        var handed = await lead.PostFormAsync(page, new() { ["StaffUserId"] = ks4.ToString(), ["Role"] = "Primary", ["HandoverNote"] = "Settling well; dad works away Mondays." });
        Assert.Equal(HttpStatusCode.Redirect, handed.StatusCode);

        var allocations = await app.QueryAsync(db => db.KeyworkerAllocations.Where(k => k.PupilId == pupil).ToListAsync());
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(today.AddDays(-1), allocations.Single(k => k.StaffUserId == ks3).EndsOn);
        Assert.Equal("Settling well; dad works away Mondays.", allocations.Single(k => k.StaffUserId == ks4).HandoverNote);
        var told = await app.QueryAsync(db => db.Notifications.Where(n => n.RecipientUserId == ks4 && n.Category == "Keywork").Select(n => n.Summary).SingleAsync());
        Assert.Contains("primary keyworker for a pupil", told, StringComparison.Ordinal);
        Assert.Contains("Read the handover note", told, StringComparison.Ordinal);

        // The new keyworker reaches the pupil through their caseload, and sees them on it.
        Assert.Contains("dad works away Mondays", await keyworker.GetPageAsync(page), StringComparison.Ordinal);
        Assert.Contains($"/pupils/{pupil}/keywork", await keyworker.GetPageAsync("/keywork"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await keyworker.GetAsync($"/pupils/{pupil}/passport")).StatusCode);
        Assert.Contains("Settling well", await lead.GetPageAsync(page), StringComparison.Ordinal);

        var again = await (await lead.PostFormAsync(page, new() { ["StaffUserId"] = ks4.ToString(), ["Role"] = "Primary" })).Content.ReadAsStringAsync();
        Assert.Contains("is already the primary keyworker", again, StringComparison.Ordinal);

        // Ending the allocation ends the reach; the history keeps it. Teachers see none of this.
        var allocation = allocations.Single(k => k.StaffUserId == ks4).Id;
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostFormAsync($"{page}?handler=end", new() { ["allocationId"] = allocation.ToString() }, formPage: page)).StatusCode);
        Refusal.Assert(await keyworker.GetAsync($"/pupils/{pupil}/passport"));
        Assert.Equal(2, await app.QueryAsync(db => db.KeyworkerAllocations.CountAsync(k => k.PupilId == pupil)));
        Refusal.Assert(await (await StaffSession.SignInAsync(app, Teacher)).GetAsync(page));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Sessions_and_check_ins_feed_the_caseload_and_a_session_can_lead_to_a_concern(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var ks4 = await app.QueryAsync(db => db.Users.Where(u => u.Email == Ks4Keyworker).Select(u => u.Id).SingleAsync());
        var pupil = await app.QueryAsync(db => db.KeyworkerAllocations.Where(k => k.StaffUserId == ks4)
            .Where(k => !db.KeyworkSessions.Any(s => s.PupilId == k.PupilId)).Select(k => k.PupilId).FirstAsync());
        var keyworker = await StaffSession.SignInAsync(app, Ks4Keyworker);
        var form = $"/pupils/{pupil}/keywork/sessions/new";
        var today = Today(app);
        Dictionary<string, string> Session(string startedAt) => new()
        {
            ["Kind"] = "Planned", ["HeldOn"] = today.ToString("d/M/yyyy", CultureInfo.InvariantCulture), ["StartedAt"] = startedAt, ["DurationMinutes"] = "40",
            ["Themes"] = "Anxiety", ["Discussed"] = "Exams and sleep.", ["PupilWords"] = "I can’t switch off at night.",
            ["NextSteps"] = "Share revision timetable with form tutor.", ["NextStepsDueOn"] = today.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };

        // A wrongly typed optional time refuses the whole session, with the field named.
        var wrong = await (await keyworker.PostFormAsync(form, Session("25:99"))).Content.ReadAsStringAsync();
        Assert.Contains("Enter the time the session started", wrong, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.KeyworkSessions.CountAsync(s => s.PupilId == pupil)));

        var before = await keyworker.GetPageAsync("/keywork");
        Assert.Contains("No sessions recorded", before, StringComparison.Ordinal);
        var withConcern = Session("10:15");
        withConcern["then"] = "concern";
        var saved = await keyworker.PostFormAsync(form, withConcern);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var concernForm = saved.Headers.Location!.OriginalString;
        Assert.StartsWith($"/concerns/new?pupil={pupil}&session=", concernForm, StringComparison.Ordinal);
        var sessionId = await app.QueryAsync(db => db.KeyworkSessions.Where(s => s.PupilId == pupil).Select(s => s.Id).SingleAsync());
        Assert.Contains($"name=\"session\" value=\"{sessionId}\"", await keyworker.GetPageAsync(concernForm), StringComparison.Ordinal);

        var category = await app.QueryAsync(db => db.ConcernCategories.Where(c => db.Schools.Any(s => s.Id == c.SchoolId && s.Name == "Kingsmead Academy") && c.Name == "Emotional abuse").Select(c => c.Id).SingleAsync());
        var sent = await keyworker.PostFormAsync("/concerns/new", new()
        {
            ["pupil"] = pupil.ToString(), ["session"] = sessionId.ToString(), ["OccurredOn"] = today.ToString("d/M/yyyy", CultureInfo.InvariantCulture),
            ["Location"] = "Keywork session", ["CategoryId"] = category.ToString(), ["ImmediateDanger"] = "no",
            ["Account"] = "Said that dad shouts and throws things when he has been drinking.",
        }, formPage: concernForm);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var concern = await app.QueryAsync(db => db.KeyworkSessions.Where(s => s.Id == sessionId).Select(s => s.ConcernId).SingleAsync());
        Assert.NotNull(concern);
        Assert.True(await app.QueryAsync(db => db.ConcernPupils.AnyAsync(cp => cp.ConcernId == concern && cp.PupilId == pupil)));

        var check = await keyworker.PostFormAsync($"/pupils/{pupil}/keywork?handler=checkIn", new() { ["Score"] = "2", ["Comment"] = "Tired; exams." }, formPage: $"/pupils/{pupil}/keywork");
        Assert.Equal(HttpStatusCode.Redirect, check.StatusCode);
        var refusedScore = await keyworker.PostFormAsync($"/pupils/{pupil}/keywork?handler=checkIn", new() { ["Score"] = "9" }, formPage: $"/pupils/{pupil}/keywork");
        Assert.Contains("from 1 (very low) to 5 (very good)", await refusedScore.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var record = await keyworker.GetPageAsync($"/pupils/{pupil}/keywork");
        Assert.Contains("switch off at night.", record, StringComparison.Ordinal);
        Assert.Contains("Safeguarding concern reported", record, StringComparison.Ordinal);
        Assert.Contains("2, low", record, StringComparison.Ordinal);

        // My caseload and my week: the low check-in needs attention; the next steps are due this week, then done.
        var (_, api) = await app.TokenClientAsync(Ks4Keyworker);
        var caseload = await api.GetFromJsonAsync<JsonElement>("/api/v1/keywork/caseload");
        var row = caseload.GetProperty("pupils").EnumerateArray().Single(p => p.GetProperty("pupilId").GetGuid() == pupil);
        Assert.Contains("Last check-in 2, low", row.GetProperty("attention").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(1, row.GetProperty("openNextSteps").GetInt32());
        Assert.Contains(caseload.GetProperty("week").EnumerateArray(), w => w.GetProperty("pupilId").GetGuid() == pupil && w.GetProperty("what").GetString()!.StartsWith("Next steps", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await keyworker.PostFormAsync($"/pupils/{pupil}/keywork?handler=done", new() { ["sessionId"] = sessionId.ToString() }, formPage: $"/pupils/{pupil}/keywork")).StatusCode);
        caseload = await api.GetFromJsonAsync<JsonElement>("/api/v1/keywork/caseload");
        Assert.DoesNotContain(caseload.GetProperty("week").EnumerateArray(), w => w.GetProperty("pupilId").GetGuid() == pupil);

        // The API records sessions with the school's themes only, and check-ins.
        var unknownTheme = await api.PostAsJsonAsync($"/api/v1/pupils/{pupil}/keywork/sessions", new { kind = "dropIn", heldOn = today, durationMinutes = 10, themes = new[] { "Astrology" }, discussed = "Quick chat." });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownTheme.StatusCode);
        Assert.Contains("Astrology", await unknownTheme.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/pupils/{pupil}/keywork/sessions", new { kind = "dropIn", heldOn = today, durationMinutes = 10, themes = new[] { "Sleep" }, discussed = "Quick chat." })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/pupils/{pupil}/keywork/check-ins", new { score = 4 })).StatusCode);
        var all = await api.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/keywork");
        Assert.Equal(2, all.GetProperty("sessions").GetArrayLength());
        Assert.Equal(2, all.GetProperty("checkIns").GetArrayLength());

        // A teacher records none of this and reads none of it.
        var (_, teacher) = await app.TokenClientAsync(Teacher);
        Refusal.Assert(await teacher.GetAsync($"/api/v1/pupils/{pupil}/keywork"));
        Refusal.Assert(await teacher.PostAsJsonAsync($"/api/v1/pupils/{pupil}/keywork/check-ins", new { score = 4 }));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_regulation_plan_uses_the_schools_stages_keeps_every_version_and_is_read_by_the_pupils_teachers(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var (taught, untaught) = await TaughtAndUntaughtAsync(app);
        var (_, lead) = await app.TokenClientAsync(PastoralLead);
        var (teacherSession, teacher) = await app.TokenClientAsync(Teacher);
        var plan = $"/api/v1/pupils/{taught}/regulation-plan";
        var review = Today(app).AddMonths(3);

        Assert.Equal(0, (await lead.GetFromJsonAsync<JsonElement>(plan)).GetProperty("number").GetInt32());
        var unknown = await lead.PutAsJsonAsync(plan, new { plan = new { stages = new[] { new { stage = "Meltdown", looksLike = "Shouting" } } }, reviewDueOn = review });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("Calm, Anxious, Escalating, Crisis, Recovery", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var first = await lead.PutAsJsonAsync(plan, new
        {
            plan = new
            {
                stages = new[]
                {
                    new { stage = "escalating", looksLike = "Pacing, hood up, swearing under breath.", adultsDo = "Fewer words; offer the time-out card." },
                    new { stage = "Calm", looksLike = "Chatty, helps others.", adultsDo = "Praise quietly." },
                },
                avoid = "Raised voices; an audience.", pupilView = "Let me walk it off.",
            },
            reviewDueOn = review,
        });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var saved = await first.Content.ReadFromJsonAsync<JsonElement>();
        var stages = saved.GetProperty("plan").GetProperty("stages");
        Assert.Equal("Calm", stages[0].GetProperty("stage").GetString());
        Assert.Equal("Escalating", stages[1].GetProperty("stage").GetString());

        var version = saved.GetProperty("version").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await lead.PutAsJsonAsync(plan, new
        {
            version, plan = new { stages = new[] { new { stage = "Crisis", looksLike = "Runs from the room.", adultsDo = "Two adults; keep sight; call the pastoral team." } } }, reviewDueOn = review,
        })).StatusCode);
        var stale = await lead.PutAsJsonAsync(plan, new { version, plan = new { stages = new[] { new { stage = "Calm", looksLike = "x" } } }, reviewDueOn = review });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(2, (await lead.GetFromJsonAsync<JsonElement>($"{plan}/versions")).GetArrayLength());

        // Written for the adults around the pupil: their teacher reads it, in the API and on the page, but cannot change it.
        Assert.Contains("Two adults; keep sight", (await teacher.GetFromJsonAsync<JsonElement>(plan)).GetRawText(), StringComparison.Ordinal);
        Assert.Contains("Runs from the room.", await teacherSession.GetPageAsync($"/pupils/{taught}/regulation-plan"), StringComparison.Ordinal);
        Refusal.Assert(await teacher.PutAsJsonAsync(plan, new { plan = new { stages = new[] { new { stage = "Calm", looksLike = "x" } } }, reviewDueOn = review }));
        Refusal.Assert(await teacherSession.GetAsync($"/pupils/{taught}/regulation-plan/edit"));
        Refusal.Assert(await teacher.GetAsync($"/api/v1/pupils/{untaught}/regulation-plan"));
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.RecordType == "RegulationPlan" && a.Action == "read" && a.PupilId == taught)));

        // The form shows one fieldset per school stage and keeps what was typed when the review date is wrong.
        var lead2 = await StaffSession.SignInAsync(app, PastoralLead);
        var edit = $"/pupils/{taught}/regulation-plan/edit";
        var form = await lead2.GetPageAsync(edit);
        Assert.Contains("Recovery", form, StringComparison.Ordinal);
        var current = (await lead.GetFromJsonAsync<JsonElement>(plan)).GetProperty("version").GetInt32();
        var wrong = await (await lead2.PostFormAsync(edit, new() { ["Version"] = current.ToString(CultureInfo.InvariantCulture), ["looksLike-3"] = "Runs from the room; hides.", ["ReviewDueOn"] = "31/2/2027" })).Content.ReadAsStringAsync();
        Assert.Contains("Enter the review date as a real date", wrong, StringComparison.Ordinal);
        Assert.Contains("Runs from the room; hides.", wrong, StringComparison.Ordinal);
        Assert.Equal(2, await app.QueryAsync(db => db.DocumentVersions.CountAsync(v => v.PupilId == taught && v.Kind == DocumentKind.RegulationPlan)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Risk_assessments_are_rated_on_the_matrix_shared_by_name_signed_off_and_reviewed(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var ids = await app.QueryAsync(async db => new
        {
            Keyworker = await db.Users.Where(u => u.Email == Ks4Keyworker).Select(u => u.Id).SingleAsync(),
            Teacher = await db.Users.Where(u => u.Email == Teacher).Select(u => u.Id).SingleAsync(),
        });
        var pupil = await app.QueryAsync(db => db.KeyworkerAllocations.Where(k => k.StaffUserId == ids.Keyworker).Select(k => k.PupilId).FirstAsync());
        var (_, keyworker) = await app.TokenClientAsync(Ks4Keyworker);
        var (teacherSession, teacher) = await app.TokenClientAsync(Teacher);
        var (_, ta) = await app.TokenClientAsync("ta@kingsmead.example");
        var (leadSession, lead) = await app.TokenClientAsync(PastoralLead);
        var list = $"/api/v1/pupils/{pupil}/risk-assessments";
        var review = Today(app).AddDays(20);
        object Body(int? version, int residual, params Guid[] sharedWith) => new
        {
            version, kind = "absconding", ownerUserId = ids.Keyworker, sharedWith, reviewDueOn = review,
            content = new
            {
                title = "Leaving the site", context = "Has left twice this term at lunchtime.",
                hazards = new[] { new { description = "Leaves through the side gate", whoAtRisk = "The pupil", likelihood = 4, severity = 4, controls = "Gate locked at lunch; named adult at transitions.", residualLikelihood = residual, residualSeverity = 4 } },
            },
        };

        // Ratings outside 1 to 5, and a residual risk above the risk before controls, are refused by hazard.
        var worse = await keyworker.PostAsJsonAsync(list, Body(null, 5));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, worse.StatusCode);
        Assert.Contains("cannot be higher than without them", await worse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.RiskAssessments.CountAsync(r => r.PupilId == pupil)));

        var created = await keyworker.PostAsJsonAsync(list, Body(null, 2, ids.Teacher));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var assessment = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = assessment.GetProperty("id").GetGuid();
        Assert.Equal(8, assessment.GetProperty("residualRating").GetInt32());
        Assert.Equal("Medium", assessment.GetProperty("residualBand").GetString());
        Assert.True(assessment.GetProperty("awaitingSignOff").GetBoolean());

        // The teacher it is shared with is told (without the pupil's name) and reads it; a teaching assistant it is not shared with does not.
        var told = await app.QueryAsync(db => db.Notifications.Where(n => n.RecipientUserId == ids.Teacher && n.Category == "Risk assessment").Select(n => n.Summary).SingleAsync());
        Assert.Contains("shared with you", told, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync($"{list}/{id}")).StatusCode);
        Assert.Contains("Gate locked at lunch", await teacherSession.GetPageAsync($"/pupils/{pupil}/risk-assessments/{id}"), StringComparison.Ordinal);
        Assert.Single((await teacher.GetFromJsonAsync<JsonElement>(list)).EnumerateArray());
        Refusal.Assert(await ta.GetAsync($"{list}/{id}"));
        Refusal.Assert(await ta.GetAsync(list));
        Refusal.Assert(await teacher.PutAsJsonAsync($"{list}/{id}", Body(0, 2)));

        // A pastoral lead signs off the version they read; a review is a new version that needs signing off again.
        Assert.Equal(HttpStatusCode.Conflict, (await lead.PostAsJsonAsync($"{list}/{id}/sign-off", new { number = 2 })).StatusCode);
        Refusal.Assert(await keyworker.PostAsJsonAsync($"{list}/{id}/sign-off", new { number = 1 }));
        Assert.Equal(HttpStatusCode.NoContent, (await lead.PostAsJsonAsync($"{list}/{id}/sign-off", new { number = 1 })).StatusCode);
        var version = (await keyworker.GetFromJsonAsync<JsonElement>($"{list}/{id}")).GetProperty("version").GetInt32();
        var reviewed = await keyworker.PutAsJsonAsync($"{list}/{id}", Body(version, 1, ids.Teacher));
        Assert.Equal(HttpStatusCode.OK, reviewed.StatusCode);
        var second = await reviewed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, second.GetProperty("number").GetInt32());
        Assert.True(second.GetProperty("awaitingSignOff").GetBoolean());
        Assert.Equal(1, second.GetProperty("signedOffNumber").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await keyworker.PutAsJsonAsync($"{list}/{id}", Body(version, 1))).StatusCode);
        Assert.Equal(2, (await keyworker.GetFromJsonAsync<JsonElement>($"{list}/{id}/versions")).GetArrayLength());
        Assert.Contains("Leaving the site", await leadSession.GetPageAsync("/keywork/caseloads"), StringComparison.Ordinal);

        // Unsharing ends the teacher's access.
        version = second.GetProperty("version").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await keyworker.PutAsJsonAsync($"{list}/{id}", Body(version, 1))).StatusCode);
        Refusal.Assert(await teacher.GetAsync($"{list}/{id}"));

        // An overdue review shows on the keyworker's caseload; closing it takes it off; a review reopens it.
        app.Clock.Advance(TimeSpan.FromDays(21));
        var caseload = await keyworker.GetFromJsonAsync<JsonElement>("/api/v1/keywork/caseload");
        Assert.Contains("Risk assessment review overdue", caseload.GetProperty("pupils").EnumerateArray().Single(p => p.GetProperty("pupilId").GetGuid() == pupil).GetProperty("attention").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await keyworker.PostAsync($"{list}/{id}/close", null)).StatusCode);
        caseload = await keyworker.GetFromJsonAsync<JsonElement>("/api/v1/keywork/caseload");
        Assert.DoesNotContain("Risk assessment review overdue", caseload.GetProperty("pupils").EnumerateArray().Single(p => p.GetProperty("pupilId").GetGuid() == pupil).GetProperty("attention").EnumerateArray().Select(a => a.GetString()));
        var closed = await keyworker.GetFromJsonAsync<JsonElement>($"{list}/{id}");
        var reopened = await keyworker.PutAsJsonAsync($"{list}/{id}", new
        {
            version = closed.GetProperty("version").GetInt32(), kind = "absconding", ownerUserId = ids.Keyworker, sharedWith = Array.Empty<Guid>(), reviewDueOn = Today(app).AddDays(14),
            content = new { title = "Leaving the site", hazards = new[] { new { description = "Leaves through the side gate", likelihood = 3, severity = 4, controls = "Gate locked.", residualLikelihood = 2, residualSeverity = 4 } } },
        });
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await reopened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("closedUtc").ValueKind);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_supervision_register_is_for_pastoral_leads_and_the_DSL_team_and_missed_check_ins_are_alerted_once(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        // At Hollybrook the keyworker is pastoral staff only: not on the DSL team, so not a reader of the register.
        const string hollybrookLead = "pastoral.lead@hollybrook.example";
        const string hollybrookKeyworker = "keyworker@hollybrook.example";
        var ks4 = await app.QueryAsync(db => db.Users.Where(u => u.Email == hollybrookKeyworker).Select(u => u.Id).SingleAsync());
        var leadId = await app.QueryAsync(db => db.Users.Where(u => u.Email == hollybrookLead).Select(u => u.Id).SingleAsync());
        var pupil = await app.QueryAsync(db => db.KeyworkerAllocations.Where(k => k.StaffUserId == ks4 && !db.KeyworkSessions.Any(s => s.PupilId == k.PupilId)).Select(k => k.PupilId).FirstAsync());
        var lead = await StaffSession.SignInAsync(app, hollybrookLead);
        var page = $"/pupils/{pupil}/supervision";

        var missing = await (await lead.PostFormAsync(page, new() { ["Frequency"] = "Daily" })).Content.ReadAsStringAsync();
        Assert.Contains("Select why the pupil is under supervision", missing, StringComparison.Ordinal);
        Assert.Contains("Write the supervision plan", missing, StringComparison.Ordinal);
        var added = await lead.PostFormAsync(page, new()
        {
            ["Reason"] = "SelfHarm", ["Plan"] = "Not to be alone in toilets at break; bag check on arrival; tell the DSL of any disclosure.",
            ["Frequency"] = "Daily", ["AssignedUserId"] = ks4.ToString(), ["ReviewDueOn"] = Today(app).AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var register = await lead.GetPageAsync("/keywork/supervision");
        Assert.Contains(pupil.ToString(), register, StringComparison.Ordinal);
        Assert.Contains("None yet", register, StringComparison.Ordinal);
        Assert.Contains(pupil.ToString(), await (await StaffSession.SignInAsync(app, "dsl@hollybrook.example")).GetPageAsync("/keywork/supervision"), StringComparison.Ordinal);

        // The keyworker who checks in, and teachers, do not see the register or the entry.
        var keyworker = await StaffSession.SignInAsync(app, hollybrookKeyworker);
        Refusal.Assert(await keyworker.GetAsync(page));
        Refusal.Assert(await keyworker.GetAsync("/keywork/supervision"));
        Refusal.Assert(await (await StaffSession.SignInAsync(app, "teacher@hollybrook.example")).GetAsync(page));

        // A school week on, with no check-in: the keyworker and the pastoral lead are told once, naming no pupil.
        Task<int> Alerts(Guid user) => app.QueryAsync(db => db.Notifications.CountAsync(n => n.RecipientUserId == user && n.Category == "Supervision"));
        Task<int> Round() => app.WithScopeAsync(services => SupervisionRegister.AlertMissedAsync(
            services.GetRequiredService<AppDbContext>(), services.GetRequiredService<Attune.Platform.Notifications.Notifier>(), app.Clock, CancellationToken.None));
        Assert.Equal(0, await Round());
        app.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await Round());
        Assert.Equal(0, await Round());
        Assert.Equal(1, await Alerts(ks4));
        Assert.Equal(1, await Alerts(leadId));
        var summary = await app.QueryAsync(db => db.Notifications.Where(n => n.RecipientUserId == ks4 && n.Category == "Supervision").Select(n => n.Summary + n.Link).SingleAsync());
        Assert.Contains($"/pupils/{pupil}/keywork", summary, StringComparison.Ordinal);
        var pupilName = await app.QueryAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.LegalLastName).SingleAsync());
        Assert.DoesNotContain(pupilName, summary, StringComparison.Ordinal);

        // A check-in today puts the next one a school day away: nothing more to alert until that day passes.
        // (A week has passed, so both sign in again.)
        keyworker = await StaffSession.SignInAsync(app, hollybrookKeyworker);
        lead = await StaffSession.SignInAsync(app, hollybrookLead);
        var checkIn = await keyworker.PostFormAsync($"/pupils/{pupil}/keywork?handler=checkIn", new() { ["Score"] = "3" }, formPage: $"/pupils/{pupil}/keywork");
        Assert.Equal(HttpStatusCode.Redirect, checkIn.StatusCode);
        Assert.Equal(0, await Round());
        var afterCheckIn = await lead.GetPageAsync(page);
        Assert.DoesNotContain("Overdue since", afterCheckIn, StringComparison.Ordinal);
        Assert.Contains(Today(app).ToString("d MMMM yyyy", CultureInfo.InvariantCulture), afterCheckIn, StringComparison.Ordinal);

        // Taking the pupil off keeps the entry in the history and stops the alerts.
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostFormAsync($"{page}?handler=end", new() { ["EndNote"] = "Settled; CAMHS involved." }, formPage: page)).StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(14));
        Assert.Equal(0, await Round());
        lead = await StaffSession.SignInAsync(app, hollybrookLead);
        Assert.Contains("Settled; CAMHS involved.", await lead.GetPageAsync(page), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Support_plans_are_reviewed_target_by_target_and_show_what_worked(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var ks4 = await app.QueryAsync(db => db.Users.Where(u => u.Email == Ks4Keyworker).Select(u => u.Id).SingleAsync());
        var pupil = await app.QueryAsync(db => db.KeyworkerAllocations.Where(k => k.StaffUserId == ks4).Select(k => k.PupilId).FirstAsync());
        var (_, keyworker) = await app.TokenClientAsync(Ks4Keyworker);
        var list = $"/api/v1/pupils/{pupil}/support-plans";
        var review = Today(app).AddDays(42);

        var vague = await keyworker.PostAsJsonAsync(list, new { plan = new { title = "Settling back", needs = "Anxiety about lessons after absence.", targets = new[] { new { description = "Feel better" } } }, reviewDueOn = review });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, vague.StatusCode);
        Assert.Contains("say how you will know it is met", await vague.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await keyworker.PostAsJsonAsync(list, new
        {
            plan = new
            {
                title = "Settling back after absence", needs = "Anxiety about lessons after a month's absence.",
                targets = new[]
                {
                    new { description = "Attend every morning registration", measure = "Registers", byDate = review },
                    new { description = "Stay in science lessons", measure = "No walk-outs logged", byDate = review },
                },
                interventions = new[] { new { what = "Morning check-in with keyworker", howOften = "Daily", who = "Aisha Rahman", startsOn = Today(app) } },
                pupilView = "I want to be back with my friends.",
            },
            reviewDueOn = review,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plan = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = plan.GetProperty("id").GetGuid();
        Assert.Equal("notYetReviewed", plan.GetProperty("plan").GetProperty("targets")[0].GetProperty("outcome").GetString());

        // A reviewed target needs its evidence.
        object Reviewed(int version, string? evidence) => new
        {
            version,
            plan = new
            {
                title = "Settling back after absence", needs = "Anxiety about lessons after a month's absence.",
                targets = new object[]
                {
                    new { description = "Attend every morning registration", measure = "Registers", outcome = "met", evidence },
                    new { description = "Stay in science lessons", measure = "No walk-outs logged", outcome = "partlyMet", evidence = "Two walk-outs in six weeks, down from five." },
                },
                interventions = new[] { new { what = "Morning check-in with keyworker", howOften = "Daily", who = "Aisha Rahman" } },
            },
            reviewDueOn = review, changeNote = "Six-week review with the pupil and mum.",
        };
        var version = plan.GetProperty("version").GetInt32();
        var noEvidence = await keyworker.PutAsJsonAsync($"{list}/{id}", Reviewed(version, null));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noEvidence.StatusCode);
        Assert.Contains("give the evidence", await noEvidence.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await keyworker.PutAsJsonAsync($"{list}/{id}", Reviewed(version, "100% mornings since the plan started."))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await keyworker.PutAsJsonAsync($"{list}/{id}", Reviewed(version, "Again"))).StatusCode);
        Assert.Equal(2, (await keyworker.GetFromJsonAsync<JsonElement>($"{list}/{id}/versions")).GetArrayLength());

        // The pupil's plans page shows what worked; a teacher sees none of it.
        var session = await StaffSession.SignInAsync(app, Ks4Keyworker);
        var page = await session.GetPageAsync($"/pupils/{pupil}/support-plans");
        Assert.Contains("What worked", page, StringComparison.Ordinal);
        Assert.Contains("100% mornings since the plan started.", page, StringComparison.Ordinal);
        Assert.Contains("Partly met", page, StringComparison.Ordinal);
        var (_, teacher) = await app.TokenClientAsync(Teacher);
        Refusal.Assert(await teacher.GetAsync(list));

        // A review on the form: an evidence-free "met" is refused by field; the typed text is kept.
        var form = $"/pupils/{pupil}/support-plans/{id}/edit";
        var current = (await keyworker.GetFromJsonAsync<JsonElement>($"{list}/{id}")).GetProperty("version").GetInt32();
        var refused = await (await session.PostFormAsync(form, new()
        {
            ["Version"] = current.ToString(CultureInfo.InvariantCulture), ["Title"] = "Settling back after absence", ["Needs"] = "Anxiety about lessons.",
            ["target-0-description"] = "Stay in science lessons", ["target-0-measure"] = "No walk-outs logged", ["target-0-outcome"] = "Met",
            ["intervention-0-what"] = "", ["ReviewDueOn"] = review.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        })).Content.ReadAsStringAsync();
        Assert.Contains("Target 1: give the evidence for", refused, StringComparison.Ordinal);
        Assert.Contains("Anxiety about lessons.", refused, StringComparison.Ordinal);
        Assert.Equal(2, await app.QueryAsync(db => db.DocumentVersions.CountAsync(v => v.DocumentId == id)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Pupil_voice_is_kept_as_given_and_adulthood_goals_start_in_year_nine(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var ids = await app.QueryAsync(async db => new
        {
            Year8 = await db.Pupils.Where(p => p.School!.Name == "Kingsmead Academy" && p.YearGroup!.NationalCurriculumYear == 8).Select(p => p.Id).FirstAsync(),
            Year10 = await db.Pupils.Where(p => p.School!.Name == "Kingsmead Academy" && p.YearGroup!.NationalCurriculumYear == 10).Select(p => p.Id).FirstAsync(),
        });
        var (_, lead) = await app.TokenClientAsync(PastoralLead);
        var voice = $"/api/v1/pupils/{ids.Year10}/voice";

        var blank = await lead.PostAsJsonAsync(voice, new { givenOn = Today(app), medium = "drawing" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.StatusCode);
        Assert.Contains("describe what they made", await blank.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await lead.PostAsJsonAsync(voice, new
        {
            givenOn = Today(app), medium = "ownWords", views = "I want to do a plumbing course and live near my nan.", forWhat = "Annual review, March",
        })).StatusCode);
        var views = await lead.GetFromJsonAsync<JsonElement>(voice);
        Assert.Equal("ownWords", views[0].GetProperty("medium").GetString());
        Assert.Equal("Annual review, March", views[0].GetProperty("forWhat").GetString());

        var tooYoung = await lead.PostAsJsonAsync($"/api/v1/pupils/{ids.Year8}/adulthood-goals", new { area = "employment", goal = "Be a vet" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooYoung.StatusCode);
        Assert.Contains("start in Year 9", await tooYoung.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var goals = $"/api/v1/pupils/{ids.Year10}/adulthood-goals";
        var created = await lead.PostAsJsonAsync(goals, new { area = "employment", goal = "I want to do a plumbing course at college." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var goal = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await lead.PostAsJsonAsync($"{goals}/progress", new { goalId = goal, note = "Taster day at the college booked." })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await lead.PostAsJsonAsync($"{goals}/progress", new { goalId = goal, note = "Place offered for September.", status = "achieved" })).StatusCode);
        var otherPupilsGoal = await lead.PostAsJsonAsync($"/api/v1/pupils/{ids.Year8}/adulthood-goals/progress", new { goalId = goal, note = "Wrong pupil" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherPupilsGoal.StatusCode);
        var listed = (await lead.GetFromJsonAsync<JsonElement>(goals))[0];
        Assert.Equal("achieved", listed.GetProperty("status").GetString());
        Assert.Equal(2, listed.GetProperty("progress").GetArrayLength());

        var page = await (await StaffSession.SignInAsync(app, PastoralLead)).GetPageAsync($"/pupils/{ids.Year10}/adulthood");
        Assert.Contains("Employment or higher education", page, StringComparison.Ordinal);
        Assert.Contains("Place offered for September.", page, StringComparison.Ordinal);
        var (_, teacher) = await app.TokenClientAsync(Teacher);
        Refusal.Assert(await teacher.GetAsync(voice));
        Refusal.Assert(await teacher.GetAsync(goals));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_pastoral_lead_keeps_the_schools_themes_and_stages_and_plans_keep_what_they_describe(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var (taught, _) = await TaughtAndUntaughtAsync(app);
        var school = await app.QueryAsync(db => db.Pupils.Where(p => p.Id == taught).Select(p => p.SchoolId).SingleAsync());
        var (_, api) = await app.TokenClientAsync(PastoralLead);
        var review = Today(app).AddMonths(2);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/pupils/{taught}/regulation-plan", new
        {
            plan = new { stages = new[] { new { stage = "Recovery", looksLike = "Quiet, wants to be alone.", adultsDo = "Offer water; no debrief yet." } } }, reviewDueOn = review,
        })).StatusCode);

        var lead = await StaffSession.SignInAsync(app, PastoralLead);
        var page = $"/keywork/settings/{school}";
        var form = await lead.GetPageAsync(page);
        Assert.Contains("value=\"Sleep\"", form, StringComparison.Ordinal);
        var themes = await app.QueryAsync(db => db.KeyworkThemes.Where(t => t.SchoolId == school).OrderBy(t => t.SortOrder).ToListAsync());
        var stages = await app.QueryAsync(db => db.RegulationStages.Where(t => t.SchoolId == school).OrderBy(t => t.SortOrder).ToListAsync());

        Dictionary<string, string> Rows<T>(string key, IReadOnlyList<T> rows, Func<T, Guid> id, Func<T, string> name, Func<T, bool> retired, string? added)
        {
            var fields = new Dictionary<string, string>();
            for (var i = 0; i < rows.Count; i++)
            {
                fields[$"{key}[{i}].Id"] = id(rows[i]).ToString();
                fields[$"{key}[{i}].Name"] = name(rows[i]);
                if (retired(rows[i]))
                {
                    fields[$"{key}[{i}].Retired"] = "true";
                }
            }

            fields[$"{key}[{rows.Count}].Name"] = added ?? "";
            return fields;
        }

        // A duplicate name is refused by row and nothing changes; then the theme list is saved whole.
        var duplicate = Rows("Themes", themes, t => t.Id, t => t.Name, _ => false, "Anxiety");
        Assert.Contains($"Row {themes.Count + 1}: there is already a theme called Anxiety", await (await lead.PostFormAsync($"{page}?handler=themes", duplicate, formPage: page)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var saved = Rows("Themes", themes, t => t.Id, t => t.Name, t => t.Name == "Sleep", "Exam stress");
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostFormAsync($"{page}?handler=themes", saved, formPage: page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostFormAsync($"{page}?handler=stages", Rows("Stages", stages, s => s.Id, s => s.Name, s => s.Name == "Recovery", null), formPage: page)).StatusCode);

        var sessionForm = await lead.GetPageAsync($"/pupils/{taught}/keywork/sessions/new");
        Assert.Contains("value=\"Exam stress\"", sessionForm, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"Sleep\"", sessionForm, StringComparison.Ordinal);
        var retiredTheme = await api.PostAsJsonAsync($"/api/v1/pupils/{taught}/keywork/sessions", new { kind = "dropIn", heldOn = Today(app), durationMinutes = 5, themes = new[] { "Sleep" }, discussed = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, retiredTheme.StatusCode);

        // The plan still offers, and keeps, the retired stage it describes; a new plan would not offer it.
        var edit = await lead.GetPageAsync($"/pupils/{taught}/regulation-plan/edit");
        Assert.Contains("Offer water; no debrief yet.", edit, StringComparison.Ordinal);
        var version = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{taught}/regulation-plan")).GetProperty("version").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/pupils/{taught}/regulation-plan", new
        {
            version, plan = new { stages = new[] { new { stage = "Recovery", looksLike = "Quiet, wants to be alone.", adultsDo = "Offer water; a short walk." } } }, reviewDueOn = review,
        })).StatusCode);

        // Only a school-wide pastoral lead keeps the settings.
        Refusal.Assert(await (await StaffSession.SignInAsync(app, "dsl@kingsmead.example")).GetAsync(page));
        Refusal.Assert(await (await StaffSession.SignInAsync(app, "pastoral.lead@hollybrook.example")).GetAsync(page));
    }

    private static DateOnly Today(AttuneApp app) => DateOnly.FromDateTime(LocalTime.ToUk(app.Clock.GetUtcNow().UtcDateTime));

    /// <summary>A Kingsmead pupil the demo teacher teaches, and one she neither teaches nor tutors.</summary>
    private static Task<(Guid Taught, Guid Untaught)> TaughtAndUntaughtAsync(AttuneApp app) => app.QueryAsync(async db =>
    {
        var teacher = await db.Users.Where(u => u.Email == Teacher).Select(u => u.Id).SingleAsync();
        var taught = db.TeachingGroupPupils.Where(tp => db.TeachingGroupStaff.Any(ts => ts.TeachingGroupId == tp.TeachingGroupId && ts.StaffUserId == teacher)).Select(tp => tp.PupilId);
        var tutored = db.Pupils.Where(p => db.Forms.Any(f => f.Id == p.FormId && f.TutorUserId == teacher)).Select(p => p.Id);
        var kingsmead = db.Pupils.Where(p => p.School!.Name == "Kingsmead Academy" && p.LeftOn == null);
        var one = await kingsmead.Where(p => taught.Contains(p.Id) && !db.PupilPassports.Any(pp => pp.PupilId == p.Id)).OrderBy(p => p.Upn).Select(p => p.Id).FirstAsync();
        var other = await kingsmead.Where(p => !taught.Contains(p.Id) && !tutored.Contains(p.Id)).OrderBy(p => p.Upn).Select(p => p.Id).FirstAsync();
        return (one, other);
    });
}
