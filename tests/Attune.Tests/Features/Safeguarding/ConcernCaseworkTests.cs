using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Attune.Features.Safeguarding;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attune.Tests.Features.Safeguarding;

/// <summary>
/// The DSL team's decisions: triage with level of need and owner, a change of level only with its reason,
/// closure with a rationale, reopening, every decision kept in order, and no decision silently overwriting another.
/// </summary>
public sealed partial class ConcernCaseworkTests
{
    private const string Dsl = "dsl@kingsmead.example";
    private const string DeputyKs3 = "deputy.ks3@kingsmead.example";
    private const string Teacher = "teacher@kingsmead.example";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Triage_change_of_level_closure_and_reopening_are_each_recorded_with_their_reasons(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var concern = await TeachersKs3ConcernAsync(app);
        var dsl = await StaffSession.SignInAsync(app, Dsl);
        var deputyId = await app.UserIdAsync(DeputyKs3);
        var path = $"/safeguarding/concerns/{concern.Id}/decision";

        var triaged = await dsl.PostFormAsync(path + "?handler=triage", new()
        {
            ["Version"] = await VersionAsync(app, concern.Id),
            ["LevelOfNeed"] = "Early help",
            ["OwnerUserId"] = deputyId.ToString(),
            ["Decision"] = "Talk to mum about an Early Help assessment; deputy to check in with the pupil daily this week.",
        }, formPage: path);
        Assert.Equal(HttpStatusCode.Redirect, triaged.StatusCode);
        Assert.Equal(1, await app.QueryAsync(db => db.Notifications.CountAsync(n => n.RecipientUserId == deputyId && n.Category == "Safeguarding concern assigned")));

        var noReason = await dsl.PostFormAsync(path + "?handler=triage", new()
        {
            ["Version"] = await VersionAsync(app, concern.Id),
            ["LevelOfNeed"] = "Child in need",
            ["OwnerUserId"] = deputyId.ToString(),
            ["Decision"] = "Refer to children's social care.",
        }, formPage: path);
        Assert.Contains("Enter why the level of need changes from Early help", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var escalated = await dsl.PostFormAsync(path + "?handler=triage", new()
        {
            ["Version"] = await VersionAsync(app, concern.Id),
            ["LevelOfNeed"] = "Child in need",
            ["OwnerUserId"] = deputyId.ToString(),
            ["Decision"] = "Refer to children's social care.",
            ["Reason"] = "A second disclosure today; mum declined Early Help.",
        }, formPage: path);
        Assert.Equal(HttpStatusCode.Redirect, escalated.StatusCode);

        var unexplained = await dsl.PostFormAsync(path + "?handler=close", new() { ["Version"] = await VersionAsync(app, concern.Id), ["Decision"] = "Done" }, formPage: path + "?action=close");
        Assert.Contains("Enter why the concern can be closed", await unexplained.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var closed = await dsl.PostFormAsync(path + "?handler=close", new()
        {
            ["Version"] = await VersionAsync(app, concern.Id),
            ["Decision"] = "Social care assessment complete; child in need plan in place.",
            ["Reason"] = "Support now led by the child in need plan; school actions complete.",
        }, formPage: path + "?action=close");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var teacher = await StaffSession.SignInAsync(app, Teacher);
        Assert.Matches("data-label=\"Status\">Closed<", await teacher.GetPageAsync("/concerns/mine"));

        var reopened = await dsl.PostFormAsync(path + "?handler=reopen", new() { ["Version"] = await VersionAsync(app, concern.Id), ["Reason"] = "New disclosure from the pupil." }, formPage: path);
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);

        var result = await app.QueryAsync(async db => new
        {
            Concern = await db.Concerns.AsNoTracking().SingleAsync(c => c.Id == concern.Id),
            Decisions = await db.ConcernDecisions.AsNoTracking().Where(d => d.ConcernId == concern.Id).OrderBy(d => d.RecordedUtc).ToListAsync(),
        });
        Assert.Equal(ConcernStatus.Open, result.Concern.Status);
        Assert.Equal("Child in need", result.Concern.LevelOfNeed);
        Assert.Equal(deputyId, result.Concern.OwnerUserId);
        Assert.Null(result.Concern.ClosedUtc);
        Assert.Equal([DecisionKind.Triage, DecisionKind.Triage, DecisionKind.Closed, DecisionKind.Reopened], result.Decisions.Select(d => d.Kind));
        Assert.Equal("Early help", result.Decisions[1].PreviousLevelOfNeed);
        Assert.Equal("A second disclosure today; mum declined Early Help.", result.Decisions[1].Reason);

        var page = await dsl.GetPageAsync($"/safeguarding/concerns/{concern.Id}");
        foreach (var text in new[] { "Talk to mum about an Early Help assessment", "level was Early help", "Support now led by the child in need plan", "New disclosure from the pupil." })
        {
            Assert.Contains(WebUtility.HtmlEncode(text), page, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_decision_made_on_a_stale_copy_is_not_saved_and_shows_what_the_other_person_decided(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var concern = await TeachersKs3ConcernAsync(app);
        var path = $"/safeguarding/concerns/{concern.Id}/decision";
        var dsl = await StaffSession.SignInAsync(app, Dsl);
        var deputy = await StaffSession.SignInAsync(app, DeputyKs3);
        var deputyForm = await deputy.GetPageAsync(path);
        var staleVersion = VersionField().Match(deputyForm).Groups[1].Value;
        var deputyId = await app.UserIdAsync(DeputyKs3);
        Assert.Equal(1, await app.QueryAsync(db => db.AuditEntries.CountAsync(a =>
            a.ActorUserId == deputyId && a.Action == "read" && a.RecordType == "Concern" && a.RecordId == concern.Id.ToString())));

        var first = await dsl.PostFormAsync(path + "?handler=triage", new()
        {
            ["Version"] = staleVersion,
            ["LevelOfNeed"] = "Child protection",
            ["OwnerUserId"] = (await app.UserIdAsync(Dsl)).ToString(),
            ["Decision"] = "Strategy discussion requested with MASH.",
        }, formPage: path);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var second = await deputy.PostFormAsync(path + "?handler=triage", new()
        {
            ["Version"] = staleVersion,
            ["LevelOfNeed"] = "Universal",
            ["OwnerUserId"] = (await app.UserIdAsync(DeputyKs3)).ToString(),
            ["Decision"] = "Monitor in school.",
        }, formPage: path);
        var html = await second.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("Not saved", html, StringComparison.Ordinal);
        Assert.Contains("Helen Brooks recorded a decision on this concern while you were writing", html, StringComparison.Ordinal);
        Assert.Contains("Strategy discussion requested with MASH.", html, StringComparison.Ordinal);
        Assert.Contains("Monitor in school.", html, StringComparison.Ordinal);
        Assert.NotEqual(staleVersion, VersionField().Match(html).Groups[1].Value);

        var saved = await app.QueryAsync(db => db.Concerns.AsNoTracking().SingleAsync(c => c.Id == concern.Id));
        Assert.Equal("Child protection", saved.LevelOfNeed);
        Assert.Equal(1, await app.QueryAsync(db => db.ConcernDecisions.CountAsync(d => d.ConcernId == concern.Id)));

        // Through the API the same: 409 on the stale version, 201 on the current one.
        var (_, api) = await app.TokenClientAsync(DeputyKs3);
        var stale = await api.PostAsJsonAsync($"/api/v1/concerns/{concern.Id}/decisions", new { kind = "close", version = int.Parse(staleVersion), decision = "x", reason = "y" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var details = await api.GetFromJsonAsync<JsonElement>($"/api/v1/concerns/{concern.Id}");
        Assert.Equal("Child protection", details.GetProperty("levelOfNeed").GetString());
        Assert.Single(details.GetProperty("decisions").EnumerateArray());
        var current = await api.PostAsJsonAsync($"/api/v1/concerns/{concern.Id}/decisions", new
        {
            kind = "close",
            version = details.GetProperty("version").GetInt32(),
            decision = "Transferred to the child protection plan.",
            reason = "Plan in place; casework continues under the plan.",
        });
        Assert.Equal(HttpStatusCode.Created, current.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Actions_have_an_owner_and_a_due_date_show_as_overdue_when_late_and_are_marked_done_once(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var concern = await TeachersKs3ConcernAsync(app);
        var dsl = await StaffSession.SignInAsync(app, Dsl);
        var deputyId = await app.UserIdAsync(DeputyKs3);
        var path = $"/safeguarding/concerns/{concern.Id}/actions/new";
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

        var wrong = await (await dsl.PostFormAsync(path, new() { ["Description"] = "", ["DueOn"] = today.AddDays(-1).ToString("yyyy-MM-dd") }, formPage: path)).Content.ReadAsStringAsync();
        Assert.Contains("Enter what needs to be done", wrong, StringComparison.Ordinal);
        Assert.Contains("Select who will do it", wrong, StringComparison.Ordinal);
        Assert.Contains("The due date must be today or later", wrong, StringComparison.Ordinal);

        var added = await dsl.PostFormAsync(path, new()
        {
            ["Description"] = "Phone mum about the Early Help assessment",
            ["OwnerUserId"] = deputyId.ToString(),
            ["DueOn"] = today.AddDays(2).ToString("d/M/yyyy"),
        }, formPage: path);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(1, await app.QueryAsync(db => db.Notifications.CountAsync(n => n.RecipientUserId == deputyId && n.Category == "Safeguarding action assigned")));

        var page = await dsl.GetPageAsync($"/safeguarding/concerns/{concern.Id}");
        Assert.Contains("Phone mum about the Early Help assessment", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Overdue", page, StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromDays(3));
        dsl = await StaffSession.SignInAsync(app, Dsl);
        page = await dsl.GetPageAsync($"/safeguarding/concerns/{concern.Id}");
        Assert.Contains("Overdue", page, StringComparison.Ordinal);

        var action = await app.QueryAsync(db => db.SafeguardingActions.AsNoTracking().SingleAsync(a => a.ConcernId == concern.Id));
        var form = new Dictionary<string, string> { ["actionId"] = action.Id.ToString(), ["version"] = action.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var done = await dsl.PostFormAsync($"/safeguarding/concerns/{concern.Id}?handler=complete", form, formPage: $"/safeguarding/concerns/{concern.Id}");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Contains("Action marked done.", await dsl.GetPageAsync($"/safeguarding/concerns/{concern.Id}"), StringComparison.Ordinal);
        var again = await dsl.PostFormAsync($"/safeguarding/concerns/{concern.Id}?handler=complete", form, formPage: $"/safeguarding/concerns/{concern.Id}");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("Not saved: someone else changed that action first", await dsl.GetPageAsync($"/safeguarding/concerns/{concern.Id}"), StringComparison.Ordinal);

        var saved = await app.QueryAsync(db => db.SafeguardingActions.AsNoTracking().SingleAsync(a => a.ConcernId == concern.Id));
        Assert.NotNull(saved.DoneUtc);
        Assert.Equal("Helen Brooks", saved.DoneByName);
        Assert.DoesNotContain("Overdue", await dsl.GetPageAsync($"/safeguarding/concerns/{concern.Id}"), StringComparison.Ordinal);
    }

    private static Task<Concern> TeachersKs3ConcernAsync(AttuneApp app) =>
        app.QueryAsync(db => db.Concerns.AsNoTracking().Where(c => c.Category!.Name == "Emotional abuse" && c.School!.Name == "Kingsmead Academy").SingleAsync());

    private static Task<string> VersionAsync(AttuneApp app, Guid id) =>
        app.QueryAsync(async db => (await db.Concerns.AsNoTracking().SingleAsync(c => c.Id == id)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();
}
