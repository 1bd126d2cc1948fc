using System.Net;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attune.Tests.Features.Safeguarding;

/// <summary>
/// Break-glass: a pastoral lead who cannot reach the DSL team reads one pupil's safeguarding records for an
/// hour, with a written reason, read-only, never DSL-only categories; the DSL team is told at once (without the
/// pupil's name in the email) and sees every use.
/// </summary>
public sealed class EmergencyAccessTests
{
    private const string PastoralLead = "pastoral.lead@kingsmead.example";
    private const string Dsl = "dsl@kingsmead.example";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_pastoral_lead_reads_one_pupils_records_for_an_hour_and_the_DSL_team_is_told(DatabaseProvider provider)
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = new AttuneApp(provider, settings: smtp.Settings());
        var concern = await app.QueryAsync(db => db.Concerns.AsNoTracking()
            .Where(c => c.Category!.Name == "Emotional abuse" && c.School!.Name == "Kingsmead Academy")
            .Select(c => new { c.Id, PupilId = c.Pupils.Single().PupilId, c.Pupils.Single().Pupil!.LegalLastName }).SingleAsync());
        var other = await app.QueryAsync(db => db.Concerns.AsNoTracking()
            .Where(c => c.Category!.Name == "Self-harm or suicidal thoughts" && c.School!.Name == "Kingsmead Academy").Select(c => c.Id).SingleAsync());
        var lead = await StaffSession.SignInAsync(app, PastoralLead);
        var chronology = $"/safeguarding/pupils/{concern.PupilId}/chronology";
        var request = $"/safeguarding/pupils/{concern.PupilId}/emergency-access";

        Refusal.Assert(await lead.GetAsync($"/safeguarding/concerns/{concern.Id}"));
        Refusal.Assert(await lead.GetAsync(chronology));
        Assert.Contains(request, await lead.GetPageAsync($"/pupils/{concern.PupilId}"), StringComparison.Ordinal);

        var tooShort = await lead.PostFormAsync(request, new() { ["Reason"] = "Urgent" });
        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        Assert.Contains("Say why you need these records now", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.EmergencyAccessGrants.CountAsync()));

        var before = await app.QueryAsync(db => db.Notifications.CountAsync(n => n.Category == "Emergency access used"));
        var granted = await lead.PostFormAsync(request, new()
        {
            ["Reason"] = "Police at reception asking whether there are known concerns at home; DSL and both deputies are on a course and not answering.",
        });
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        Assert.Equal(chronology, granted.Headers.Location!.OriginalString);

        // Read, not change: this pupil's concern and chronology; not another pupil's, not the decision form.
        Assert.Contains("Emotional abuse", await lead.GetPageAsync(chronology), StringComparison.Ordinal);
        Assert.Contains("Emotional abuse", await lead.GetPageAsync($"/safeguarding/concerns/{concern.Id}"), StringComparison.Ordinal);
        Refusal.Assert(await lead.GetAsync($"/safeguarding/concerns/{concern.Id}/decision"));
        Refusal.Assert(await lead.GetAsync($"/safeguarding/concerns/{other}"));
        var audited = await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.RecordType == "Concern" && a.Action == "read"
            && a.RecordId == concern.Id.ToString() && a.ActorName == "Gareth Lloyd"));
        Assert.Equal(1, audited);

        // The DSL team is told: in Attune, and by an email that names neither the pupil nor the reason.
        Assert.True(await app.QueryAsync(db => db.Notifications.CountAsync(n => n.Category == "Emergency access used")) > before);
        await app.SendEmailsAsync();
        Assert.NotEmpty(smtp.Received);
        Assert.All(smtp.Received, email =>
        {
            Assert.DoesNotContain(concern.LegalLastName, email.Raw, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Police at reception", email.Raw, StringComparison.OrdinalIgnoreCase);
        });
        var log = await (await StaffSession.SignInAsync(app, Dsl)).GetPageAsync("/safeguarding/emergency-access");
        Assert.Contains("Police at reception asking whether there are known concerns at home", log, StringComparison.Ordinal);
        Assert.Contains("Gareth Lloyd", log, StringComparison.Ordinal);
        Assert.Contains("Open until", log, StringComparison.Ordinal);

        // An hour later it has closed by itself (signed in afresh: the old session has timed out too).
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        lead = await StaffSession.SignInAsync(app, PastoralLead);
        Refusal.Assert(await lead.GetAsync(chronology));
        Refusal.Assert(await lead.GetAsync($"/safeguarding/concerns/{concern.Id}"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Emergency_access_never_opens_DSL_only_records_nor_reaches_staff_who_may_not_ask(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var dslOnly = await app.QueryAsync(db => db.Concerns.AsNoTracking()
            .Where(c => c.Category!.DslOnly && c.School!.Name == "Kingsmead Academy").Select(c => new { c.Id, PupilId = c.Pupils.Single().PupilId }).SingleAsync());
        var lead = await StaffSession.SignInAsync(app, PastoralLead);
        var granted = await lead.PostFormAsync($"/safeguarding/pupils/{dslOnly.PupilId}/emergency-access", new()
        {
            ["Reason"] = "Parent on the phone saying the child has not come home; nobody in the safeguarding team answers.",
        });
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        Refusal.Assert(await lead.GetAsync($"/safeguarding/concerns/{dslOnly.Id}"));
        Assert.DoesNotContain("Sexual abuse", await lead.GetPageAsync($"/safeguarding/pupils/{dslOnly.PupilId}/chronology"), StringComparison.Ordinal);

        // A teacher may not ask; another school's pupil cannot be asked about.
        var teacher = await StaffSession.SignInAsync(app, "teacher@kingsmead.example");
        Refusal.Assert(await teacher.GetAsync($"/safeguarding/pupils/{dslOnly.PupilId}/emergency-access"));
        var elsewhere = await app.QueryAsync(db => db.Pupils.Where(p => p.School!.Name != "Kingsmead Academy").Select(p => p.Id).FirstAsync());
        Refusal.Assert(await lead.GetAsync($"/safeguarding/pupils/{elsewhere}/emergency-access"));
    }
}
