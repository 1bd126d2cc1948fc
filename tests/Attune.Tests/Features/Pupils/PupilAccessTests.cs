using System.Net;
using Attune.Features.Demo;
using Attune.Features.Pupils;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Features.Pupils;

/// <summary>Need-to-know on pupil records: who finds and opens which pupil, on both providers.</summary>
[Collection(DemoTrustCollection.Name)]
public sealed class PupilAccessTests(SharedApps apps)
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_teacher_of_one_school_gets_404_for_a_pupil_of_the_other(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var hollybrookPupil = await app.PupilAsync(DemoSchools.Hollybrook);
        var teacher = await StaffSession.SignInAsync(app, "teacher@kingsmead.example");

        var response = await teacher.GetAsync($"/pupils/{hollybrookPupil.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(hollybrookPupil.LegalLastName, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_teacher_sees_pupils_they_teach_but_not_their_contacts(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var taught = await app.WithScopeAsync(services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            return db.Pupils.Where(p => db.TeachingGroupPupils.Any(t => t.PupilId == p.Id && db.TeachingGroups.Any(g => g.Id == t.TeachingGroupId && g.Name == "10Y/En2"))).FirstAsync();
        });
        var teacher = await StaffSession.SignInAsync(app, "teacher@kingsmead.example");

        var page = await teacher.GetPageAsync($"/pupils/{taught.Id}");

        Assert.Contains(taught.Upn, page, StringComparison.Ordinal);
        Assert.Contains("Contact details are shown to pastoral and safeguarding staff", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_teacher_gets_404_for_a_pupil_in_their_school_they_do_not_teach(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var untaught = await app.WithScopeAsync(services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            return db.Pupils.Where(p => p.School!.Name == DemoSchools.Kingsmead && p.YearGroup!.NationalCurriculumYear == 12).FirstAsync();
        });
        var teacher = await StaffSession.SignInAsync(app, "teacher@kingsmead.example");

        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/pupils/{untaught.Id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_key_stage_3_deputy_sees_year_8_but_not_year_10(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var year8 = await app.PupilAsync(DemoSchools.Kingsmead, p => p.YearGroup!.NationalCurriculumYear == 8);
        var year10 = await app.PupilAsync(DemoSchools.Kingsmead, p => p.YearGroup!.NationalCurriculumYear == 10);
        var deputy = await StaffSession.SignInAsync(app, "deputy.ks3@kingsmead.example");

        var page = await deputy.GetPageAsync($"/pupils/{year8.Id}");
        Assert.Contains("Parents, carers and contacts", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Contact details are shown to pastoral", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await deputy.GetAsync($"/pupils/{year10.Id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_keyworker_sees_their_caseload_outside_their_key_stage(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var (inCaseload, outside) = await app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var keyworker = await db.Users.SingleAsync(u => u.Email == "keyworker@hollybrook.example");
            var caseload = await db.Pupils.Where(p => p.YearGroup!.NationalCurriculumYear > 6
                && db.KeyworkerAllocations.Any(k => k.PupilId == p.Id && k.StaffUserId == keyworker.Id)).FirstAsync();
            var other = await db.Pupils.Where(p => p.School!.Name == DemoSchools.Hollybrook && p.YearGroup!.NationalCurriculumYear > 6
                && !db.KeyworkerAllocations.Any(k => k.PupilId == p.Id && k.StaffUserId == keyworker.Id)).FirstAsync();
            return (caseload, other);
        });
        var keyworkerSession = await StaffSession.SignInAsync(app, "keyworker@hollybrook.example");

        Assert.Equal(HttpStatusCode.OK, (await keyworkerSession.GetAsync($"/pupils/{inCaseload.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await keyworkerSession.GetAsync($"/pupils/{outside.Id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Search_finds_visible_pupils_by_name_and_upn_and_nobody_else(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var target = await app.PupilAsync(DemoSchools.Kingsmead, p => p.YearGroup!.NationalCurriculumYear == 7);
        var elsewhere = await app.PupilAsync(DemoSchools.Hollybrook);
        var dsl = await StaffSession.SignInAsync(app, "dsl@kingsmead.example");

        var byName = await (await dsl.PostFormAsync("/pupils", new() { ["Query"] = $"{target.LegalFirstName} {target.LegalLastName}" })).Content.ReadAsStringAsync();
        var byUpn = await (await dsl.PostFormAsync("/pupils", new() { ["Query"] = target.Upn.ToLowerInvariant() })).Content.ReadAsStringAsync();
        var otherSchool = await (await dsl.PostFormAsync("/pupils", new() { ["Query"] = elsewhere.Upn })).Content.ReadAsStringAsync();

        Assert.Contains($"/pupils/{target.Id}", byName, StringComparison.Ordinal);
        Assert.Contains($"/pupils/{target.Id}", byUpn, StringComparison.Ordinal);
        Assert.Contains("No pupils found", otherSchool, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_trust_wide_dsl_sees_pupils_in_both_schools(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var kingsmead = await app.PupilAsync(DemoSchools.Kingsmead);
        var hollybrook = await app.PupilAsync(DemoSchools.Hollybrook);
        var trustDsl = await StaffSession.SignInAsync(app, "trust.dsl@riverside.example");

        Assert.Equal(HttpStatusCode.OK, (await trustDsl.GetAsync($"/pupils/{kingsmead.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await trustDsl.GetAsync($"/pupils/{hollybrook.Id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_school_administrator_cannot_open_pupil_records(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var pupil = await app.PupilAsync(DemoSchools.Kingsmead);
        var admin = await StaffSession.SignInAsync(app, "admin@kingsmead.example");

        var response = await admin.GetAsync($"/pupils/{pupil.Id}");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(pupil.Upn, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Viewing_a_pupil_is_audited_with_who_and_which_pupil(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var pupil = await app.PupilAsync(DemoSchools.Kingsmead, p => p.YearGroup!.NationalCurriculumYear == 9);
        var dsl = await StaffSession.SignInAsync(app, "dsl@kingsmead.example");

        await dsl.GetPageAsync($"/pupils/{pupil.Id}");

        var reads = await app.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().AuditEntries
            .Where(a => a.PupilId == pupil.Id && a.Action == "read" && a.ActorName == "Helen Brooks")
            .Select(a => a.RecordType).ToListAsync());
        Assert.Contains(nameof(Pupil), reads);
        Assert.Contains("PupilContacts", reads);
    }

    [Fact]
    public async Task A_keyworker_loses_a_pupil_the_day_after_their_allocation_ends()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var keyworkerId = await app.UserIdAsync("keyworker@hollybrook.example");
        var allocation = await app.QueryAsync(db => db.KeyworkerAllocations
            .Where(k => k.StaffUserId == keyworkerId && db.Pupils.Any(p => p.Id == k.PupilId && p.YearGroup!.NationalCurriculumYear > 6)).FirstAsync());
        var endsOn = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(1);
        await app.QueryAsync(db => db.KeyworkerAllocations.Where(k => k.Id == allocation.Id).ExecuteUpdateAsync(k => k.SetProperty(x => x.EndsOn, endsOn)));
        var keyworker = await StaffSession.SignInAsync(app, "keyworker@hollybrook.example");
        Assert.Equal(HttpStatusCode.OK, (await keyworker.GetAsync($"/pupils/{allocation.PupilId}")).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(2));
        keyworker = await StaffSession.SignInAsync(app, "keyworker@hollybrook.example");

        Assert.Equal(HttpStatusCode.NotFound, (await keyworker.GetAsync($"/pupils/{allocation.PupilId}")).StatusCode);
    }

    [Fact]
    public async Task A_photo_is_served_only_to_staff_who_may_see_the_pupil_and_each_view_is_audited()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var pupil = await app.PupilAsync(DemoSchools.Hollybrook);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        await app.QueryAsync(db =>
        {
            db.PupilPhotos.Add(new PupilPhoto { PupilId = pupil.Id, ContentType = "image/png", Content = png });
            return db.SaveChangesAsync();
        });
        var dsl = await StaffSession.SignInAsync(app, "dsl@hollybrook.example");
        var otherSchool = await StaffSession.SignInAsync(app, "dsl@kingsmead.example");

        var response = await dsl.GetAsync($"/pupils/{pupil.Id}/photo");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(png, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await otherSchool.GetAsync($"/pupils/{pupil.Id}/photo")).StatusCode);
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.PupilId == pupil.Id && a.RecordType == nameof(PupilPhoto) && a.ActorName == "Marcus Reid")));
    }
}
