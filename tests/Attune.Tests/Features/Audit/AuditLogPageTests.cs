using System.Net;
using Attune.Features.Demo;
using Attune.Features.Pupils;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Features.Audit;

public sealed class AuditLogPageTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_dsl_sees_who_viewed_a_pupil_and_looking_is_itself_audited(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var pupil = await app.PupilAsync(DemoSchools.Kingsmead);
        var lead = await StaffSession.SignInAsync(app, "pastoral.lead@kingsmead.example");
        await lead.GetPageAsync($"/pupils/{pupil.Id}");
        var dsl = await StaffSession.SignInAsync(app, "dsl@kingsmead.example");

        var page = await dsl.GetPageAsync($"/audit/pupils/{pupil.Id}");

        Assert.Contains("Gareth Lloyd", page, StringComparison.Ordinal);
        Assert.Contains("Viewed the pupil overview", page, StringComparison.Ordinal);
        var recorded = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().AuditEntries
            .AnyAsync(a => a.PupilId == pupil.Id && a.RecordType == "PupilAuditLog" && a.ActorName == "Helen Brooks"));
        Assert.True(recorded);
    }

    [Fact]
    public async Task A_school_administrator_finds_a_pupils_log_by_upn_without_it_entering_the_address()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var pupil = await app.PupilAsync(DemoSchools.Kingsmead);
        var admin = await StaffSession.SignInAsync(app, "admin@kingsmead.example");

        var response = await admin.PostFormAsync("/audit", new() { ["Upn"] = pupil.Upn.ToLowerInvariant() });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/audit/pupils/{pupil.Id}", response.Headers.Location!.OriginalString);
        Assert.DoesNotContain(pupil.Upn, response.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Another_schools_dsl_gets_404_for_a_pupils_log_and_for_a_staff_log()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var pupil = await app.PupilAsync(DemoSchools.Kingsmead);
        var kingsmeadTeacher = await app.UserIdAsync("teacher@kingsmead.example");
        var otherDsl = await StaffSession.SignInAsync(app, "dsl@hollybrook.example");

        Assert.Equal(HttpStatusCode.NotFound, (await otherDsl.GetAsync($"/audit/pupils/{pupil.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherDsl.GetAsync($"/audit/staff?userId={kingsmeadTeacher}")).StatusCode);
    }

    [Fact]
    public async Task A_teacher_cannot_open_the_audit_log()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var teacher = await StaffSession.SignInAsync(app, "teacher@kingsmead.example");

        var response = await teacher.GetAsync("/audit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/access-denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_sees_what_a_member_of_staff_viewed()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var pupil = await app.PupilAsync(DemoSchools.Kingsmead);
        var deputyId = await app.UserIdAsync("pastoral.lead@kingsmead.example");
        var lead = await StaffSession.SignInAsync(app, "pastoral.lead@kingsmead.example");
        await lead.GetPageAsync($"/pupils/{pupil.Id}");
        var admin = await StaffSession.SignInAsync(app, "admin@kingsmead.example");

        var page = await admin.GetPageAsync($"/audit/staff?userId={deputyId}");

        Assert.Contains("Viewed contacts", page, StringComparison.Ordinal);
        Assert.Contains("Signed in", page, StringComparison.Ordinal);
    }
}
