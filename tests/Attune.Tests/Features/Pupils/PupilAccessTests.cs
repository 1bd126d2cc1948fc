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
        var hollybrookPupil = await PupilAsync(app, DemoSchools.Hollybrook, _ => true);
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
        var year8 = await PupilAsync(app, DemoSchools.Kingsmead, p => p.YearGroup!.NationalCurriculumYear == 8);
        var year10 = await PupilAsync(app, DemoSchools.Kingsmead, p => p.YearGroup!.NationalCurriculumYear == 10);
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
        var target = await PupilAsync(app, DemoSchools.Kingsmead, p => p.YearGroup!.NationalCurriculumYear == 7);
        var elsewhere = await PupilAsync(app, DemoSchools.Hollybrook, _ => true);
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
        var kingsmead = await PupilAsync(app, DemoSchools.Kingsmead, _ => true);
        var hollybrook = await PupilAsync(app, DemoSchools.Hollybrook, _ => true);
        var trustDsl = await StaffSession.SignInAsync(app, "trust.dsl@riverside.example");

        Assert.Equal(HttpStatusCode.OK, (await trustDsl.GetAsync($"/pupils/{kingsmead.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await trustDsl.GetAsync($"/pupils/{hollybrook.Id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_school_administrator_cannot_open_pupil_records(DatabaseProvider provider)
    {
        var app = await apps.For(provider);
        var pupil = await PupilAsync(app, DemoSchools.Kingsmead, _ => true);
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
        var pupil = await PupilAsync(app, DemoSchools.Kingsmead, p => p.YearGroup!.NationalCurriculumYear == 9);
        var dsl = await StaffSession.SignInAsync(app, "dsl@kingsmead.example");

        await dsl.GetPageAsync($"/pupils/{pupil.Id}");

        var reads = await app.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().AuditEntries
            .Where(a => a.PupilId == pupil.Id && a.Action == "read" && a.ActorName == "Helen Brooks")
            .Select(a => a.RecordType).ToListAsync());
        Assert.Contains(nameof(Pupil), reads);
        Assert.Contains("PupilContacts", reads);
    }

    private static Task<Pupil> PupilAsync(AttuneApp app, string school, System.Linq.Expressions.Expression<Func<Pupil, bool>> where) =>
        app.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().Pupils.AsNoTracking()
            .Where(p => p.School!.Name == school).Where(where).OrderBy(p => p.Upn).FirstAsync());
}
