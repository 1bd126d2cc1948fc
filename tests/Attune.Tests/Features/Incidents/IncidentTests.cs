using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attune.Features.Incidents;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Features.Incidents;

/// <summary>
/// Incidents at Kingsmead: a conflict between two pupils is one incident; teachers see the incidents they were part
/// of and no others; pastoral staff see their scope; a physical intervention asks the pastoral lead for a review, once;
/// strategies come from the regulation plan; trends count what happened when.
/// </summary>
public sealed class IncidentTests
{
    private const string PastoralLead = "pastoral.lead@kingsmead.example";
    private const string Teacher = "teacher@kingsmead.example";
    private const string TeachingAssistant = "ta@kingsmead.example";
    private const string Ks4Keyworker = "pso.ks4@kingsmead.example";
    private const string Dsl = "dsl@kingsmead.example";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_conflict_is_one_incident_seen_by_the_staff_involved_and_the_pupils_pastoral_team_and_no_one_else(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var (ks3, ks4) = await PupilsAsync(app);
        var (teacherSession, teacher) = await app.TokenClientAsync(Teacher);
        var (_, ta) = await app.TokenClientAsync(TeachingAssistant);
        var (_, keyworker) = await app.TokenClientAsync(Ks4Keyworker);
        var (_, lead) = await app.TokenClientAsync(PastoralLead);

        // Bad input is named field by field and saves nothing.
        var bad = await teacher.PostAsJsonAsync("/api/v1/incidents", new
        {
            pupils = new[] { new { pupilId = ks3, role = "witness" } }, occurredOn = Today(app).AddDays(1), occurredAt = "12:40", type = "Fisticuffs", severity = "High",
            location = "Classroom", behaviour = "", parentsInformed = true,
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        foreach (var expected in new[] { "At least one pupil must be involved", "today or earlier", "“Fisticuffs” is not one of the school’s incident type options", "Write what happened", "Enter who was told" })
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }

        Assert.Equal(0, await app.QueryAsync(db => db.Incidents.CountAsync()));

        var recorded = await teacher.PostAsJsonAsync("/api/v1/incidents", new
        {
            pupils = new[] { new { pupilId = ks3, role = "involved", stage = (string?)"escalating" }, new { pupilId = ks4, role = "involved", stage = (string?)null } },
            occurredOn = Yesterday(app), occurredAt = "12:40", type = "Conflict between pupils", severity = "Medium", location = "Playground", period = "Lunch",
            behaviour = "Pushing and shouting over a football.", parentsInformed = false,
        });
        Assert.True(recorded.StatusCode == HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync());
        var id = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(1, await app.QueryAsync(db => db.Incidents.CountAsync()));
        Assert.Equal(2, await app.QueryAsync(db => db.IncidentPupils.CountAsync(p => p.IncidentId == id)));

        // The recorder reads it; the stage is the school's own spelling and lunch is unstructured time.
        var details = await teacher.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
        Assert.True(details.GetProperty("unstructured").GetBoolean());
        Assert.Contains(details.GetProperty("pupils").EnumerateArray(), p => p.GetProperty("stage").GetString() == "Escalating");
        Assert.Contains("Pushing and shouting", await teacherSession.GetPageAsync($"/incidents/{id}"), StringComparison.Ordinal);

        // A teaching assistant who was not part of it cannot read it, nor list it under the pupil.
        Refusal.Assert(await ta.GetAsync($"/api/v1/incidents/{id}"));
        Refusal.Assert(await ta.GetAsync($"/api/v1/pupils/{ks3}/incidents"));

        // The KS4 keyworker reaches it through the KS4 pupil; the pastoral lead through the school.
        Assert.Equal(HttpStatusCode.OK, (await keyworker.GetAsync($"/api/v1/incidents/{id}")).StatusCode);
        Refusal.Assert(await keyworker.GetAsync($"/api/v1/pupils/{ks3}/incidents"));
        var list = await lead.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{ks3}/incidents");
        Assert.Equal(id, list[0].GetProperty("id").GetGuid());

        // Every read is audited against each pupil; the DSL's chronology of either pupil shows it.
        Assert.Equal(2, await app.QueryAsync(db => db.AuditEntries.Where(a => a.RecordType == "Incident" && a.Action == "read" && a.RecordId == id.ToString())
            .Select(a => a.PupilId).Distinct().CountAsync()));
        var dsl = await StaffSession.SignInAsync(app, Dsl);
        Assert.Contains("Incident: Conflict between pupils", await dsl.GetPageAsync($"/safeguarding/pupils/{ks4}/chronology"), StringComparison.Ordinal);

        // The teacher can now open the pupil's incidents because one names her, and sees only that one.
        var teacherList = await teacher.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{ks3}/incidents");
        Assert.Equal(1, teacherList.GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_physical_intervention_asks_the_pastoral_lead_for_one_review(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var (ks3, _) = await PupilsAsync(app);
        var (_, teacher) = await app.TokenClientAsync(Teacher);
        var (_, lead) = await app.TokenClientAsync(PastoralLead);
        var teacherId = await UserIdAsync(app, Teacher);
        var leadId = await UserIdAsync(app, PastoralLead);

        var missing = await teacher.PostAsJsonAsync("/api/v1/incidents", Body(ks3, app, new { pupilId = ks3, staffIds = Array.Empty<Guid>() }));
        var problem = await missing.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Contains("Choose the technique used", problem, StringComparison.Ordinal);
        Assert.Contains("why the physical intervention was necessary", problem, StringComparison.Ordinal);

        var recorded = await teacher.PostAsJsonAsync("/api/v1/incidents", Body(ks3, app, new
        {
            pupilId = ks3, technique = "Friendly escort", staffIds = new[] { teacherId }, startedAt = "10:02", endedAt = "10:05",
            reason = "Running towards the road; talking and offering the calm room had not worked.", parentsInformedSameDay = true,
        }));
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var id = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // The pastoral lead is told, without the pupil's name, and sees the prompt on the incident.
        var notice = await app.QueryAsync(db => db.Notifications.SingleAsync(n => n.RecipientUserId == leadId && n.Category == Attune.Features.Incidents.Incidents.InterventionCategory));
        Assert.Equal($"/incidents/{id}", notice.Link);
        var name = await app.QueryAsync(db => db.Pupils.Where(p => p.Id == ks3).Select(p => p.LegalLastName).SingleAsync());
        Assert.DoesNotContain(name, notice.Summary, StringComparison.Ordinal);
        var leadSession = await StaffSession.SignInAsync(app, PastoralLead);
        Assert.Contains("needs your review", await leadSession.GetPageAsync($"/incidents/{id}"), StringComparison.Ordinal);
        Assert.Contains("1 awaiting review", await leadSession.GetPageAsync("/incidents"), StringComparison.Ordinal);
        var report = await lead.GetFromJsonAsync<JsonElement>("/api/v1/incidents/interventions");
        Assert.Equal(id, report.GetProperty("awaitingReview")[0].GetProperty("incidentId").GetGuid());
        Assert.Equal("Friendly escort", report.GetProperty("lastTwelveMonths").GetProperty("byTechnique")[0].GetProperty("name").GetString());
        Refusal.Assert(await teacher.GetAsync("/api/v1/incidents/interventions"));

        // The teacher who recorded it cannot review it; the lead reviews it once.
        Refusal.Assert(await teacher.PostAsJsonAsync($"/api/v1/incidents/{id}/review", new { note = "Fine" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await lead.PostAsJsonAsync($"/api/v1/incidents/{id}/review", new { note = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await lead.PostAsJsonAsync($"/api/v1/incidents/{id}/review", new { note = "Reasonable and necessary; debrief done." })).StatusCode);
        var again = await lead.PostAsJsonAsync($"/api/v1/incidents/{id}/review", new { note = "Again" });
        Assert.Contains("already reviewed by Gareth Lloyd", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The reports count it per pupil, member of staff and technique.
        var reportPage = await leadSession.GetPageAsync("/incidents/interventions");
        Assert.Contains("Friendly escort", reportPage, StringComparison.Ordinal);
        Assert.Contains("Priya Shah", reportPage, StringComparison.Ordinal);
        Assert.Contains("None: every physical intervention has been reviewed", reportPage, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_form_offers_the_regulation_plans_strategies_to_staff_who_may_read_it(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var pupil = await TaughtAsync(app);
        var (_, lead) = await app.TokenClientAsync(PastoralLead);
        Assert.Equal(HttpStatusCode.OK, (await lead.PutAsJsonAsync($"/api/v1/pupils/{pupil}/regulation-plan", new
        {
            plan = new { stages = new[] { new { stage = "Calm", looksLike = "Chatty" } }, strategies = "- Offer the calm room\n2. Lego break\n" },
            reviewDueOn = Today(app).AddMonths(3),
        })).StatusCode);

        var teacher = await StaffSession.SignInAsync(app, Teacher);
        var form = await teacher.GetPageAsync($"/incidents/new?pupil={pupil}");
        Assert.Contains("value=\"Offer the calm room\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"Lego break\"", form, StringComparison.Ordinal);

        // A lunchtime supervisor may record an incident but reads no plan, so is offered none, and sees only that it was recorded.
        var lunchtime = await StaffSession.SignInAsync(app, "lunchtime@kingsmead.example");
        var theirs = await lunchtime.GetPageAsync($"/incidents/new?pupil={pupil}");
        Assert.DoesNotContain("Offer the calm room", theirs, StringComparison.Ordinal);
        var saved = await lunchtime.PostFormAsync("/incidents/new", new()
        {
            ["pupil"] = pupil.ToString(), [$"Roles[{pupil}]"] = "Involved", ["OccurredOn"] = Yesterday(app).ToString("yyyy-MM-dd"), ["OccurredAt"] = "12:30",
            ["Location"] = "Dining hall", ["Period"] = "Lunch", ["Type"] = "Refusal", ["Severity"] = "Low", ["Behaviour"] = "Would not leave the hall.",
            ["Force"] = "no", ["ParentsInformed"] = "no",
        }, $"/incidents/new?pupil={pupil}");
        Assert.Equal("/incidents/recorded", saved.Headers.Location?.OriginalString);
        var incident = await app.QueryAsync(db => db.Incidents.SingleAsync());
        Refusal.Assert(await lunchtime.GetAsync($"/incidents/{incident.Id}"));

        // The teacher records one with strategies tried, and which helped.
        var withStrategies = await teacher.PostFormAsync("/incidents/new", new()
        {
            ["pupil"] = pupil.ToString(), [$"Roles[{pupil}]"] = "Involved", ["OccurredOn"] = Yesterday(app).ToString("yyyy-MM-dd"), ["OccurredAt"] = "09:10",
            ["Location"] = "Classroom", ["Type"] = "Dysregulation", ["Severity"] = "Medium", ["Behaviour"] = "Threw a book.", ["Tried"] = "Lego break",
            ["Helped"] = "Lego break", ["Force"] = "no", ["ParentsInformed"] = "no",
        }, $"/incidents/new?pupil={pupil}");
        Assert.Equal(HttpStatusCode.Redirect, withStrategies.StatusCode);
        var strategies = await app.QueryAsync(db => db.Incidents.Where(i => i.Behaviour == "Threw a book.").Select(i => i.Strategies).SingleAsync());
        Assert.Equal([new StrategyTried("Lego break", true)], strategies);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_pastoral_lead_keeps_the_schools_lists_and_alert_rules_and_sees_where_and_when_incidents_cluster(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var (ks3, ks4) = await PupilsAsync(app);
        var (school, ks3Year, ks4Year) = await app.QueryAsync(async db => (
            await db.Pupils.Where(p => p.Id == ks3).Select(p => p.SchoolId).SingleAsync(),
            await db.Pupils.Where(p => p.Id == ks3).Select(p => p.YearGroupId!.Value).SingleAsync(),
            await db.Pupils.Where(p => p.Id == ks4).Select(p => p.YearGroupId!.Value).SingleAsync()));
        var settingsPage = $"/incidents/settings/{school}";
        var lead = await StaffSession.SignInAsync(app, PastoralLead);
        var page = await lead.GetPageAsync(settingsPage);
        Assert.Contains("value=\"Positive recognition\"", page, StringComparison.Ordinal);
        Assert.Contains("Unstructured time", page, StringComparison.Ordinal);
        Assert.Contains(settingsPage, await lead.GetPageAsync("/incidents"), StringComparison.Ordinal);
        var teacher = await StaffSession.SignInAsync(app, Teacher);
        Refusal.Assert(await teacher.GetAsync(settingsPage));
        Refusal.Assert(await teacher.GetAsync("/incidents/trends"));

        // The whole form as the page shows it, with changes on top.
        var options = await app.QueryAsync(db => db.IncidentOptions.Where(o => o.SchoolId == school).OrderBy(o => o.SortOrder).ToListAsync());
        Dictionary<string, string> Form(params (string Key, string Value)[] changes)
        {
            var form = new Dictionary<string, string>
            {
                ["DysregulationCount"] = "3", ["DysregulationSchoolDays"] = "5", ["InterventionAlertsLead"] = "true", ["RisingPercent"] = "50", ["RisingMinimum"] = "3",
            };
            foreach (var list in Enum.GetValues<IncidentList>())
            {
                var key = IncidentSettings.Describe(list).Key;
                foreach (var (option, i) in options.Where(o => o.List == list).Select((o, i) => (o, i)))
                {
                    form[$"{key}[{i}].Id"] = option.Id.ToString();
                    form[$"{key}[{i}].Name"] = option.Name;
                    var flag = option.Positive ? "positive" : option.Dysregulation ? "dysregulation" : option.OffSite ? "offsite" : option.Unstructured ? "unstructured" : null;
                    if (flag is not null)
                    {
                        form[$"{key}[{i}].Flags"] = flag;
                    }
                }
            }

            foreach (var (key, value) in changes)
            {
                form[key] = value;
            }

            return form;
        }

        // Bad input names each field and row, and changes nothing.
        var refused = await lead.PostFormAsync(settingsPage, Form(("RisingPercent", "5"), ("Types[1].Name", "Dysregulation"), ("DysregulationSchoolDays", "a week")));
        var errors = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Enter a whole number", errors, StringComparison.Ordinal);
        refused = await lead.PostFormAsync(settingsPage, Form(("RisingPercent", "5"), ("Types[1].Name", "Dysregulation")));
        errors = await refused.Content.ReadAsStringAsync();
        Assert.Contains("from 10 to 500 percent", errors, StringComparison.Ordinal);
        Assert.Contains("Row 2", errors, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.IncidentAlertRules.CountAsync()));
        Assert.Equal(options.Select(o => o.Name), await app.QueryAsync(db => db.IncidentOptions.Where(o => o.SchoolId == school).OrderBy(o => o.SortOrder).Select(o => o.Name).ToListAsync()));

        // Renamed, added and flagged, with a stricter rising rule: saved together.
        var locations = options.Count(o => o.List == IncidentList.Location);
        var saved = await lead.PostFormAsync(settingsPage, Form(("Periods[4].Name", "Morning break"), ($"Locations[{locations}].Name", "Sensory garden"),
            ($"Locations[{locations}].Flags", "offsite"), ("RisingMinimum", "2")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Incident settings saved.", await lead.GetPageAsync(settingsPage), StringComparison.Ordinal);
        var garden = await app.QueryAsync(db => db.IncidentOptions.SingleAsync(o => o.SchoolId == school && o.Name == "Sensory garden"));
        Assert.True(garden.OffSite);
        Assert.True((await app.QueryAsync(db => db.IncidentOptions.SingleAsync(o => o.SchoolId == school && o.Name == "Morning break"))).Unstructured);
        Assert.Equal(2, (await app.QueryAsync(db => db.IncidentAlertRules.SingleAsync(r => r.SchoolId == school))).RisingMinimum);

        // Through the API: what the page saved, and a bad rule named with nothing saved.
        var (_, api) = await app.TokenClientAsync(PastoralLead);
        var apiSettings = await api.GetFromJsonAsync<JsonElement>($"/api/v1/schools/{school}/incident-settings");
        Assert.Contains(apiSettings.GetProperty("lists").GetProperty("locations").EnumerateArray(),
            o => o.GetProperty("name").GetString() == "Sensory garden" && o.GetProperty("flags")[0].GetString() == "offsite");
        var badRules = await api.PutAsJsonAsync($"/api/v1/schools/{school}/incident-settings", new
        {
            lists = apiSettings.GetProperty("lists"), rules = new { dysregulationCount = 1, dysregulationSchoolDays = 5, interventionAlertsLead = true, risingPercent = 50, risingMinimum = 2 },
            rulesVersion = apiSettings.GetProperty("rulesVersion").GetInt32(),
        });
        Assert.Contains("from 2 to 20", await badRules.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, (await app.QueryAsync(db => db.IncidentAlertRules.SingleAsync(r => r.SchoolId == school))).DysregulationCount);
        Refusal.Assert(await (await app.TokenClientAsync(Teacher)).Api.GetAsync($"/api/v1/schools/{school}/incident-settings"));

        // Two lunchtime incidents on the playground for the KS3 pupil, one in a lesson for the KS4 pupil.
        foreach (var (pupil, location, period) in new[] { (ks3, "Playground", "Lunch"), (ks3, "Playground", "Lunch"), (ks4, "Classroom", "Lesson 1") })
        {
            var recorded = await api.PostAsJsonAsync("/api/v1/incidents", new
            {
                pupils = new[] { new { pupilId = pupil, role = "involved" } }, occurredOn = Yesterday(app), occurredAt = "12:40", type = "Verbal aggression", severity = "Low",
                location, period, behaviour = "Shouting at another pupil.", parentsInformed = false,
            });
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }

        var year = await lead.GetPageAsync($"/incidents/trends?cohort=year:{ks3Year}&weeks=4");
        Assert.Contains("<strong>2</strong> incidents, 2 of them in unstructured time", year, StringComparison.Ordinal);
        Assert.Contains("Playground, Lunch (unstructured)", year, StringComparison.Ordinal);
        Assert.Contains($"/pupils/{ks3}/incidents", year, StringComparison.Ordinal);
        Assert.Contains("govuk-tag--red\">Rising", year, StringComparison.Ordinal);
        Assert.DoesNotContain($"/pupils/{ks4}/incidents", year, StringComparison.Ordinal);
        var wholeSchool = await lead.GetPageAsync($"/incidents/trends?cohort=school:{school}&weeks=4");
        Assert.Contains("<strong>3</strong> incidents", wholeSchool, StringComparison.Ordinal);
        Assert.Contains("<strong>1</strong> incident,", await lead.GetPageAsync($"/incidents/trends?cohort=year:{ks4Year}&weeks=4"), StringComparison.Ordinal);

        // The same through the API; a cohort the reader may not see is named back; teachers have none.
        var cohortTrends = await api.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/trends?cohort=year:{ks3Year}&weeks=4");
        Assert.Equal(2, cohortTrends.GetProperty("figures").GetProperty("total").GetInt32());
        var first = cohortTrends.GetProperty("pupils")[0];
        Assert.Equal((ks3, true), (first.GetProperty("pupilId").GetGuid(), first.GetProperty("rising").GetBoolean()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.GetAsync($"/api/v1/incidents/trends?cohort=school:{Guid.NewGuid()}")).StatusCode);
        var (_, teacherApi) = await app.TokenClientAsync(Teacher);
        Refusal.Assert(await teacherApi.GetAsync("/api/v1/incidents/trends"));

        // The KS3 deputy looking at the whole school counts only the pupils they support.
        var deputy = await StaffSession.SignInAsync(app, "deputy.ks3@kingsmead.example");
        Assert.Contains("<strong>2</strong> incidents", await deputy.GetPageAsync($"/incidents/trends?cohort=school:{school}&weeks=4"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Three_dysregulation_incidents_in_five_school_days_alert_the_keyworker_once(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var keyworkerId = await UserIdAsync(app, Ks4Keyworker);
        var leadId = await UserIdAsync(app, PastoralLead);
        var pupil = await app.QueryAsync(db => db.KeyworkerAllocations.Where(k => k.StaffUserId == keyworkerId).Select(k => k.PupilId).FirstAsync());
        var school = await app.QueryAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync());
        var unsupported = await app.QueryAsync(db => db.Pupils.Where(p => p.SchoolId == school && p.LeftOn == null && p.YearGroup!.NationalCurriculumYear == 10
            && !db.KeyworkerAllocations.Any(k => k.PupilId == p.Id)).Select(p => p.Id).FirstAsync());

        // Every weekday a school day (no term dates), and the clock on a Friday, so the school week is known.
        await app.QueryAsync(db => db.AcademicYears.Where(y => y.SchoolId == school).ExecuteDeleteAsync());
        var today = Today(app);
        app.Clock.Advance(TimeSpan.FromDays(((int)DayOfWeek.Friday - (int)today.DayOfWeek + 7) % 7));
        var friday = Today(app);
        var monday = friday.AddDays(-4);
        var (_, api) = await app.TokenClientAsync(PastoralLead);
        async Task Record(Guid who, DateOnly on, string type = "Dysregulation")
        {
            var recorded = await api.PostAsJsonAsync("/api/v1/incidents", new
            {
                pupils = new[] { new { pupilId = who, role = "involved" } }, occurredOn = on, occurredAt = "09:30", type, severity = "Medium",
                location = "Classroom", behaviour = "Shouting and throwing equipment.", parentsInformed = false,
            });
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }

        Task<int> Round() => app.WithScopeAsync(services => IncidentAlerts.AlertDysregulationAsync(
            services.GetRequiredService<AppDbContext>(), services.GetRequiredService<Notifier>(), app.Clock, CancellationToken.None));
        Task<List<Notification>> Alerts(Guid user) => app.QueryAsync(db => db.Notifications.Where(n => n.RecipientUserId == user && n.Category == IncidentAlerts.Category).ToListAsync());

        // Two dysregulation incidents and a refusal (not dysregulation) this week: no alert yet. The third does, once.
        await Record(pupil, monday);
        await Record(pupil, monday.AddDays(1), "Refusal");
        await Record(pupil, monday.AddDays(2), "Physical aggression");
        Assert.Equal(0, await Round());
        await Record(pupil, monday.AddDays(3));
        Assert.Equal(1, await Round());
        Assert.Equal(0, await Round());
        var alert = Assert.Single(await Alerts(keyworkerId));
        Assert.Equal($"/pupils/{pupil}/incidents", alert.Link);
        Assert.Contains("3 dysregulation incidents in the last 5 school days", alert.Summary, StringComparison.Ordinal);
        var name = await app.QueryAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.LegalLastName).SingleAsync());
        Assert.DoesNotContain(name, alert.Summary, StringComparison.Ordinal);

        // On the keyworker's caseload: four incidents in four weeks from none, so rising.
        var (_, keyworker) = await app.TokenClientAsync(Ks4Keyworker);
        async Task<JsonElement> OnCaseload() => (await keyworker.GetFromJsonAsync<JsonElement>("/api/v1/keywork/caseload")).GetProperty("pupils").EnumerateArray()
            .First(p => p.GetProperty("pupilId").GetGuid() == pupil);
        var onCaseload = await OnCaseload();
        Assert.Equal(4, onCaseload.GetProperty("incidentsLastFourWeeks").GetInt32());
        Assert.True(onCaseload.GetProperty("incidentsRising").GetBoolean());
        Assert.Contains(onCaseload.GetProperty("attention").EnumerateArray(), a => a.GetString() == "Incidents rising: 4 in four weeks, from 0");

        // A physical intervention after the regulation plan was last written prompts its review.
        Assert.Equal(HttpStatusCode.OK, (await keyworker.PutAsJsonAsync($"/api/v1/pupils/{pupil}/regulation-plan", new
        {
            plan = new { stages = new[] { new { stage = "Calm", looksLike = "Chatty" } }, strategies = "Offer the calm room" }, reviewDueOn = friday.AddMonths(3),
            version = await app.QueryAsync(db => db.RegulationPlans.Where(r => r.PupilId == pupil).Select(r => (int?)r.Version).FirstOrDefaultAsync()),
        })).StatusCode);
        Assert.DoesNotContain((await OnCaseload()).GetProperty("attention").EnumerateArray(), a => a.GetString()!.StartsWith("Physical intervention", StringComparison.Ordinal));
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/incidents", Body(pupil, app, new
        {
            pupilId = pupil, technique = "Friendly escort", staffIds = new[] { keyworkerId }, startedAt = "10:02", endedAt = "10:05",
            reason = "Running towards the road; talking had not worked.", parentsInformedSameDay = true,
        }))).StatusCode);
        Assert.Contains((await OnCaseload()).GetProperty("attention").EnumerateArray(), a => a.GetString()!.EndsWith(": review the regulation plan", StringComparison.Ordinal));

        // Three spread over three weeks are not a run; three in a week for a pupil with no keyworker alert the pastoral lead.
        await Record(unsupported, monday.AddDays(-14));
        await Record(unsupported, monday.AddDays(-7));
        await Record(unsupported, monday);
        Assert.Equal(0, await Round());
        await Record(unsupported, monday.AddDays(1));
        await Record(unsupported, monday.AddDays(2));
        Assert.Equal(1, await Round());
        Assert.Contains(await Alerts(leadId), n => n.Link == $"/pupils/{unsupported}/incidents" && n.Summary.Contains("no keyworker", StringComparison.Ordinal));

        // A week on, the incidents already alerted do not alert again; three new ones do.
        app.Clock.Advance(TimeSpan.FromDays(7));
        (_, api) = await app.TokenClientAsync(PastoralLead);
        await Record(pupil, monday.AddDays(7));
        await Record(pupil, monday.AddDays(8));
        Assert.Equal(0, await Round());
        await Record(pupil, monday.AddDays(9));
        Assert.Equal(1, await Round());
        Assert.Equal(2, (await Alerts(keyworkerId)).Count);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task What_staff_need_to_know_reaches_the_pupils_teachers_without_the_incident_and_unread_ones_are_in_the_morning_digest(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var pupil = await TaughtAsync(app);
        var teacherId = await UserIdAsync(app, Teacher);
        var (_, teacherApi) = await app.TokenClientAsync(Teacher);
        var recorded = await teacherApi.PostAsJsonAsync("/api/v1/incidents", Body(pupil, app, null));
        var incident = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Teachers read briefings but do not send them.
        Refusal.Assert(await teacherApi.PostAsJsonAsync($"/api/v1/pupils/{pupil}/briefings", new { text = "Hello" }));

        // The pastoral lead is offered it from the incident, and sees who it will go to.
        var lead = await StaffSession.SignInAsync(app, PastoralLead);
        Assert.Contains($"/pupils/{pupil}/briefing?incident={incident}", await lead.GetPageAsync($"/incidents/{incident}"), StringComparison.Ordinal);
        var form = $"/pupils/{pupil}/briefing?incident={incident}";
        Assert.Contains("Priya Shah", await lead.GetPageAsync(form), StringComparison.Ordinal);
        var empty = await lead.PostFormAsync($"/pupils/{pupil}/briefing", new() { ["Text"] = " ", ["Incident"] = incident.ToString() }, form);
        Assert.Contains("Write what staff need to know", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.StaffBriefings.CountAsync()));
        const string update = "Unsettled this week. Give a five-minute warning before any change and let them use the time-out card.";
        var sent = await lead.PostFormAsync($"/pupils/{pupil}/briefing", new() { ["Text"] = update, ["Incident"] = incident.ToString() }, form);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var briefing = await app.QueryAsync(db => db.StaffBriefings.Include(b => b.Recipients).SingleAsync());
        Assert.Equal(incident, briefing.IncidentId);
        Assert.Contains(briefing.Recipients, r => r.StaffUserId == teacherId);
        var notice = await app.QueryAsync(db => db.Notifications.SingleAsync(n => n.RecipientUserId == teacherId && n.Category == StaffBriefings.Category));
        Assert.Equal("/briefings", notice.Link);

        // The teacher reads the update, not the incident behind it; reading is audited and clears the notification.
        var teacher = await StaffSession.SignInAsync(app, Teacher);
        Assert.Contains("1 new", await teacher.GetPageAsync("/incidents"), StringComparison.Ordinal);
        var page = await teacher.GetPageAsync("/briefings");
        Assert.Contains(update, page, StringComparison.Ordinal);
        Assert.Contains(">New<", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Ran from the classroom", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">New<", await teacher.GetPageAsync("/briefings"), StringComparison.Ordinal);
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.RecordType == "StaffBriefing" && a.Action == "read" && a.PupilId == pupil)));
        Assert.NotNull((await app.QueryAsync(db => db.Notifications.SingleAsync(n => n.Id == notice.Id))).ReadUtc);

        // Staff at another school get nothing.
        var (_, other) = await app.TokenClientAsync("teacher@hollybrook.example");
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/api/v1/briefings")).GetArrayLength());

        // A second update left unread is in the next morning's digest, once.
        var (_, leadApi) = await app.TokenClientAsync(PastoralLead);
        Assert.Equal(HttpStatusCode.Created, (await leadApi.PostAsJsonAsync($"/api/v1/pupils/{pupil}/briefings", new { text = "Settled again; back to the usual seat." })).StatusCode);
        Task<int> Digest() => app.WithScopeAsync(services => StaffBriefings.DigestAsync(
            services.GetRequiredService<AppDbContext>(), services.GetRequiredService<Notifier>(), app.Clock, CancellationToken.None));
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var tomorrowMorning = LocalTime.FromUk(LocalTime.ToUk(now).Date.AddDays(1).AddHours(7).AddMinutes(30));
        app.Clock.Advance(tomorrowMorning - now);
        Assert.True(await Digest() >= 1);
        Assert.Equal(0, await Digest());
        var digest = await app.QueryAsync(db => db.Notifications.SingleAsync(n => n.RecipientUserId == teacherId && n.Category == StaffBriefings.DigestCategory));
        Assert.StartsWith("1 update on what staff need to know", digest.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Corrections_keep_what_the_incident_said_debriefs_are_added_later_and_an_incident_entered_in_error_leaves_the_counts(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var pupil = await TaughtAsync(app);
        var teacherId = await UserIdAsync(app, Teacher);
        var (_, teacherApi) = await app.TokenClientAsync(Teacher);
        var recorded = await teacherApi.PostAsJsonAsync("/api/v1/incidents", Body(pupil, app, new
        {
            pupilId = pupil, technique = "Friendly escort", staffIds = new[] { teacherId }, startedAt = "10:02", endedAt = "10:05",
            reason = "Running towards the road; talking had not worked.", parentsInformedSameDay = true,
        }));
        var id = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var page = $"/incidents/{id}/correct";

        // A TA who was not part of it cannot correct it.
        Refusal.Assert(await (await StaffSession.SignInAsync(app, TeachingAssistant)).GetAsync(page));

        var teacher = await StaffSession.SignInAsync(app, Teacher);
        Assert.Contains("Correct or add to this incident", await teacher.GetPageAsync($"/incidents/{id}"), StringComparison.Ordinal);
        var reads = await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.RecordType == "Incident" && a.Action == "read" && a.RecordId == id.ToString()));
        var form = await teacher.GetPageAsync(page);
        Assert.Equal(reads + 1, await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.RecordType == "Incident" && a.Action == "read" && a.RecordId == id.ToString())));
        var version = System.Text.RegularExpressions.Regex.Match(form, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;

        // Changing what was written needs a reason; an empty "what happened" is refused; nothing is saved.
        var refused = await teacher.PostFormAsync(page, new() { ["Version"] = version, ["Behaviour"] = "Ran from the classroom to the car park." });
        Assert.Contains("Give the reason for the correction", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        refused = await teacher.PostFormAsync(page, new() { ["Version"] = version, ["Behaviour"] = " ", ["Reason"] = "Typo" });
        Assert.Contains("Write what happened: it cannot be left empty", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.IncidentAmendments.CountAsync()));

        // Adding the debrief needs no reason; the correction keeps what it said before.
        var saved = await teacher.PostFormAsync(page, new()
        {
            ["Version"] = version, ["Behaviour"] = "Ran from the classroom to the car park.", ["Reason"] = "It was the car park, not the gate",
            ["PupilDebrief"] = "Talked it through the next morning; they said the noise in the room was too much.",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var details = await teacher.GetPageAsync($"/incidents/{id}");
        Assert.Contains("It said before: Ran from the classroom towards the gate.", details, StringComparison.Ordinal);
        Assert.Contains("<strong>Debrief with the pupil</strong> added by Priya Shah", details, StringComparison.Ordinal);
        Assert.Equal("Talked it through the next morning; they said the noise in the room was too much.",
            await app.QueryAsync(db => db.PhysicalInterventions.Where(p => p.IncidentId == id).Select(p => p.PupilDebrief).SingleAsync()));

        // Through the API: the staff debrief added with the version just read; an unknown part is named.
        var current = await teacherApi.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}");
        Assert.Equal(2, current.GetProperty("corrections").GetArrayLength());
        var unknown = await teacherApi.PostAsJsonAsync($"/api/v1/incidents/{id}/corrections", new { version = current.GetProperty("version").GetInt32(), parts = new { weather = "Rain" } });
        Assert.Contains("“weather” is not a part of an incident that can be corrected", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await teacherApi.PostAsJsonAsync($"/api/v1/incidents/{id}/corrections",
            new { version = current.GetProperty("version").GetInt32(), parts = new { staffDebrief = "Team debrief after school; agreed to radio for help sooner." } })).StatusCode);

        // The form opened before the corrections is refused rather than overwrite them.
        var stale = await teacher.PostFormAsync(page, new() { ["Version"] = version, ["StaffDebrief"] = "Done.", ["Reason"] = "x" });
        Assert.Contains("Someone else changed this incident", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Entered in error: kept, struck from the pupil's counts and the intervention reports.
        var lead = await StaffSession.SignInAsync(app, PastoralLead);
        Assert.Contains("<strong>1</strong> incident", await lead.GetPageAsync($"/pupils/{pupil}/incidents?weeks=4"), StringComparison.Ordinal);
        form = await lead.GetPageAsync(page);
        version = System.Text.RegularExpressions.Regex.Match(form, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
        var error = await lead.PostFormAsync($"{page}?handler=error", new() { ["Version"] = version, ["ErrorReason"] = "Recorded against the wrong pupil." }, page);
        Assert.Equal(HttpStatusCode.Redirect, error.StatusCode);
        Assert.Contains("Marked entered in error by Gareth Lloyd", await lead.GetPageAsync($"/incidents/{id}"), StringComparison.Ordinal);
        Assert.Contains("<strong>0</strong> incidents", await lead.GetPageAsync($"/pupils/{pupil}/incidents?weeks=4"), StringComparison.Ordinal);
        Assert.DoesNotContain("Friendly escort", await lead.GetPageAsync("/incidents/interventions"), StringComparison.Ordinal);
    }

    [Fact]
    public void School_days_are_weekdays_in_term_and_every_weekday_outside_the_years_entered()
    {
        var year = new Attune.Features.Schools.AcademicYear { Name = "2026/27", StartsOn = new DateOnly(2026, 9, 1), EndsOn = new DateOnly(2027, 7, 31) };
        year.Terms.AddRange([
            new() { Name = "Autumn", StartsOn = new DateOnly(2026, 9, 3), EndsOn = new DateOnly(2026, 12, 18) },
            new() { Name = "Spring", StartsOn = new DateOnly(2027, 1, 5), EndsOn = new DateOnly(2027, 3, 26) },
        ]);
        var days = Attune.Features.Schools.SchoolDays.Of([year]);
        Assert.True(days.IsSchoolDay(new DateOnly(2026, 11, 25)));
        Assert.False(days.IsSchoolDay(new DateOnly(2026, 11, 28)));
        Assert.False(days.IsSchoolDay(new DateOnly(2026, 12, 23)));
        Assert.True(days.IsSchoolDay(new DateOnly(2026, 8, 28)));

        // Tuesday 5 January: the last five school days reach back over Christmas to Tuesday 15 December.
        Assert.Equal(new DateOnly(2026, 12, 15), days.WindowStart(new DateOnly(2027, 1, 5), 5));
        Assert.Equal(new DateOnly(2026, 11, 19), days.WindowStart(new DateOnly(2026, 11, 25), 5));
    }

    [Fact]
    public void Trends_count_each_week_each_day_and_time_and_compare_before_and_after_a_start()
    {
        var monday = new DateOnly(2026, 11, 2);
        IncidentFact At(DateOnly on, int hour, string type = "Dysregulation", bool positive = false, string? period = null, bool unstructured = false) =>
            new(on, new TimeOnly(hour, 15), type, positive, !positive, "Classroom", period, unstructured);
        var facts = new List<IncidentFact>
        {
            At(monday, 9), At(monday, 9, "Refusal"), At(monday.AddDays(1), 12, period: "Lunch", unstructured: true),
            At(monday.AddDays(7), 7), At(monday.AddDays(12), 10), At(monday.AddDays(8), 16, positive: true),
        };

        var figures = TrendFigures.Of(facts, monday, monday.AddDays(13));
        Assert.Equal(5, figures.Total);
        Assert.Equal(1, figures.Positive);
        Assert.Equal(1, figures.Unstructured);
        Assert.Equal([monday, monday.AddDays(7)], figures.Weeks);
        Assert.Equal([2, 2], figures.ByTypeWeekly.Single(s => s.Name == "Dysregulation").Counts);
        Assert.Equal([1, 0], figures.ByTypeWeekly.Single(s => s.Name == "Refusal").Counts);
        Assert.Equal(2, figures.Grid[0][1]);
        Assert.Equal(1, figures.Grid[0][0]);
        Assert.Equal(1, figures.Grid[5][2]);
        Assert.Equal("Weekend", figures.Days[5]);
        Assert.Equal(new NamedCount("Lunch", 1, true), figures.ByPeriod.Single());

        // Two weeks before the start and two after: four then one, down 75%.
        var start = monday.AddDays(14);
        var around = new List<IncidentFact> { At(monday, 9), At(monday.AddDays(1), 9), At(monday.AddDays(7), 9), At(monday.AddDays(8), 9), At(start.AddDays(3), 9), At(start.AddDays(2), 9, positive: true) };
        var comparison = BeforeAfter.Of(around, "Plan", start, start.AddDays(13));
        Assert.Equal((2, 4, 1, -75), (comparison.Weeks, comparison.Before, comparison.After, comparison.ChangePercent));

        // A week after the start, one week is compared with the week before it.
        var early = BeforeAfter.Of(around, "Plan", start, start.AddDays(6));
        Assert.Equal((1, 2, 1), (early.Weeks, early.Before, early.After));

        // Rising (by default up by half, and at least three): three from two is; four from three is not; two from none is too few.
        var rules = new IncidentAlertRules();
        Assert.True(RisingTrend.Rising(3, 2, rules));
        Assert.False(RisingTrend.Rising(4, 3, rules));
        Assert.False(RisingTrend.Rising(2, 0, rules));
    }

    private static object Body(Guid pupil, AttuneApp app, object? intervention) => new
    {
        pupils = new[] { new { pupilId = pupil, role = "involved" } }, occurredOn = Yesterday(app), occurredAt = "10:00", type = "Leaving the room or site", severity = "High",
        location = "Corridor", behaviour = "Ran from the classroom towards the gate.", parentsInformed = false, intervention,
    };

    /// <summary>Incidents are recorded as yesterday's: a time later today would be refused as in the future, whatever the hour the tests run.</summary>
    private static DateOnly Yesterday(AttuneApp app) => Today(app).AddDays(-1);

    private static DateOnly Today(AttuneApp app) => DateOnly.FromDateTime(LocalTime.ToUk(app.Clock.GetUtcNow().UtcDateTime));

    private static Task<Guid> UserIdAsync(AttuneApp app, string email) => app.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>A Kingsmead pupil in KS3 the demo teacher teaches, and one in KS4.</summary>
    private static Task<(Guid Ks3, Guid Ks4)> PupilsAsync(AttuneApp app) => app.QueryAsync(async db =>
    {
        var school = await db.Schools.Where(s => s.Name.StartsWith("Kingsmead")).Select(s => s.Id).SingleAsync();
        var ks3 = await TaughtAsync(app);
        var ks4 = await db.Pupils.Where(p => p.SchoolId == school && p.LeftOn == null && p.YearGroup!.NationalCurriculumYear >= 10 && p.YearGroup.NationalCurriculumYear <= 11)
            .OrderBy(p => p.Upn).Select(p => p.Id).FirstAsync();
        return (ks3, ks4);
    });

    private static Task<Guid> TaughtAsync(AttuneApp app) => app.QueryAsync(async db =>
    {
        var teacher = await db.Users.Where(u => u.Email == Teacher).Select(u => u.Id).SingleAsync();
        var taught = db.TeachingGroupPupils.Where(tp => db.TeachingGroupStaff.Any(ts => ts.TeachingGroupId == tp.TeachingGroupId && ts.StaffUserId == teacher)).Select(tp => tp.PupilId);
        return await db.Pupils.Where(p => taught.Contains(p.Id) && p.LeftOn == null && p.YearGroup!.NationalCurriculumYear >= 7 && p.YearGroup.NationalCurriculumYear <= 9)
            .OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
    });
}
