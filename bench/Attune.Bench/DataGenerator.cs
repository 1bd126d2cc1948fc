using System.Diagnostics;
using Attune.Features.Demo;
using Attune.Features.Pupils;
using Attune.Features.Schools;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Attune.Bench;

/// <summary>A size of dataset.</summary>
public sealed record Preset(string Name, int SecondarySchools, int SpecialSchools, int PupilsPerYearSecondary, int PupilsPerYearSpecial)
{
    public static readonly Preset School = new("school", 1, 0, 172, 17);
    public static readonly Preset Trust = new("trust", 18, 2, 236, 17);

    public static Preset Parse(string name) => name switch
    {
        "school" => School,
        "trust" => Trust,
        _ => throw new ArgumentException($"Unknown preset \"{name}\": use school or trust."),
    };
}

/// <summary>Who the benchmark signs in as: accounts every generated dataset has, in its first school.</summary>
public static class BenchAccounts
{
    public const string Dsl = "dsl@school01.bench.example";
    public const string Keyworker = "keyworker1@school01.bench.example";
    public const string Teacher = "teacher01@school01.bench.example";
    public const string TrustDsl = "trust.dsl@bench.example";
}

/// <summary>
/// Generates a realistic fictional trust from a fixed seed and writes it with <see cref="BulkWriter"/>:
/// schools built like the demo ones, families from the demo name lists, and in each school the staff a
/// secondary school has (DSL and deputies, pastoral lead, keyworkers with caseloads, about 60 teachers with
/// six classes each, teaching assistants, office staff), a year of its DSL team's safeguarding records
/// (<see cref="SafeguardingGenerator"/>), of keywork (<see cref="KeyworkGenerator"/>) and of incidents (<see cref="IncidentGenerator"/>). Content is deterministic; ids are random GUIDs. Every account uses the demo
/// password and TOTP secret.
/// </summary>
public sealed class DataGenerator(AppDbContext db, IPasswordHasher<StaffUser> hasher, AuditTrail audit, TimeProvider clock)
{
    private const int Seed = 20260901;
    private const int TeachersPerSecondary = 60;
    private const int ClassesPerTeacher = 6;
    private const int ClassSize = 28;

    /// <summary>The caseload of the first keyworker of each school: the "my caseload" scenario's 40 pupils.</summary>
    public const int FullCaseload = 40;

    public async Task<GenerationReport> GenerateAsync(Preset preset, TextWriter log)
    {
        if (await db.Trusts.AnyAsync())
        {
            throw new InvalidOperationException("The database already holds a trust; generate into an empty database.");
        }

        var watch = Stopwatch.StartNew();
        var random = new Random(Seed);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var passwordHash = hasher.HashPassword(null!, DemoSeeder.Password);
        var bulk = new BulkWriter(db);
        var trust = new Trust { Name = $"Bench Learning Trust ({preset.Name})" };
        db.Add(trust);
        var trustWide = new[] { ("trust.admin@bench.example", "Trust data manager", Role.TrustAdministrator), (BenchAccounts.TrustDsl, "Trust safeguarding lead", Role.Dsl) };
        foreach (var (email, title, role) in trustWide)
        {
            AddAccount(trust, null, email, title, title, role, KeyStages.None, passwordHash);
        }

        var rows = await bulk.WriteTrackedAsync();
        var pupils = 0;
        var safeguarding = SafeguardingCounts.None;
        var incidents = IncidentCounts.None;
        var schools = preset.SecondarySchools + preset.SpecialSchools;
        for (var n = 1; n <= schools; n++)
        {
            var special = n > preset.SecondarySchools;
            var school = DemoSchools.Create(trust, special ? DemoSchools.Hollybrook : DemoSchools.Kingsmead, today);
            school.Name = $"{SchoolNames[(n - 1) % SchoolNames.Length]} {(special ? "School" : "Academy")}{(n > SchoolNames.Length ? $" {n}" : "")}";
            school.Urn = (980000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture);
            db.Add(school);

            var families = new DemoFamilies(random);
            var schoolPupils = families.Populate(school, special ? preset.PupilsPerYearSpecial : preset.PupilsPerYearSecondary, laNumber: 800 + n % 100, establishment: 4000 + n);
            db.AddRange(schoolPupils);
            db.AddRange(families.Contacts);
            var staff = AddStaff(random, trust, school, schoolPupils, n, special, passwordHash);

            // Its own seed, so the safeguarding records leave every other generated record as it was.
            var records = SafeguardingGenerator.AddSchool(db, school, schoolPupils, staff, new Random(Seed + n), clock.GetUtcNow().UtcDateTime);
            KeyworkGenerator.AddSchool(db, school, schoolPupils, staff.Pastoral, new Random(Seed + 1000 + n), clock.GetUtcNow().UtcDateTime);
            var schoolIncidents = IncidentGenerator.AddSchool(db, school, schoolPupils, staff, new Random(Seed + 2000 + n), clock.GetUtcNow().UtcDateTime);

            rows += await bulk.WriteTrackedAsync();
            pupils += schoolPupils.Count;
            safeguarding += records;
            incidents += schoolIncidents;
            await log.WriteLineAsync($"  school {n}/{schools}: {school.Name}, {schoolPupils.Count} pupils, {records}; {schoolIncidents} ({rows:N0} rows so far, {watch.Elapsed.TotalSeconds:F1} s)");
        }

        // One honest entry in the audit trail for the whole load, chained like any other.
        audit.Actor = new AuditActor(null, "system (benchmark data generator)", null);
        audit.Record("bench-generate", "Trust", trust.Id.ToString(), null, null, AuditOutcome.Succeeded,
            $"preset {preset.Name}: {schools} schools, {pupils} pupils, {safeguarding.Concerns} concerns, {incidents.Incidents} incidents, {rows} rows");
        await db.SaveChangesAsync();
        await log.WriteLineAsync($"  safeguarding: {safeguarding}");
        await log.WriteLineAsync($"  incidents: {incidents}");
        return new GenerationReport(preset.Name, schools, pupils, safeguarding.Concerns, incidents.Incidents, rows, watch.Elapsed);
    }

    private SchoolStaff AddStaff(Random random, Trust trust, School school, List<Pupil> pupils, int n, bool special, string passwordHash)
    {
        var domain = $"school{n:00}.bench.example";
        var startOfYear = school.AcademicYears[0].StartsOn;
        var deputies = new List<(StaffUser, KeyStages)>();
        var pastoral = new List<StaffUser>();
        var teachers = new List<StaffUser>();
        var assistants = new List<StaffUser>();
        var lunchtime = new List<StaffUser>();
        AddAccount(trust, school, $"admin@{domain}", "Office manager", "School business manager", Role.SchoolAdministrator, KeyStages.None, passwordHash);
        var dsl = AddAccount(trust, school, $"dsl@{domain}", "Designated safeguarding lead", "Designated safeguarding lead", Role.Dsl, KeyStages.None, passwordHash);
        pastoral.Add(AddAccount(trust, school, $"pastoral.lead@{domain}", "Pastoral lead", "Assistant headteacher (pastoral)", Role.PastoralLead, KeyStages.None, passwordHash));
        foreach (var stage in special ? [KeyStages.KS2 | KeyStages.KS3 | KeyStages.KS4] : new[] { KeyStages.KS3, KeyStages.KS4 })
        {
            deputies.Add((AddAccount(trust, school, $"deputy.{stage.ToString().Replace(", ", "", StringComparison.Ordinal).ToLowerInvariant()}@{domain}", "Deputy DSL", "Pupil support officer, deputy DSL", Role.DeputyDsl, stage, passwordHash), stage));
        }

        // Keyworkers: pastoral staff scoped to a key stage, each with a caseload of 15; the first carries a full caseload of 40.
        for (var k = 1; k <= (special ? 2 : 4); k++)
        {
            var scope = special ? KeyStages.KS2 | KeyStages.KS3 | KeyStages.KS4 : k <= 2 ? KeyStages.KS3 : KeyStages.KS4;
            var keyworker = AddAccount(trust, school, $"keyworker{k}@{domain}", $"Keyworker {k}", "Pastoral support officer (keyworker)", Role.PastoralStaff, scope, passwordHash);
            pastoral.Add(keyworker);
            var years = special ? null : school.YearGroups.Where(y => y.NationalCurriculumYear is var year && (scope == KeyStages.KS3 ? year <= 9 : year is >= 10 and <= 11)).Select(y => y.Id).ToHashSet();
            foreach (var pupil in pupils.Where(p => years is null || years.Contains(p.YearGroupId!.Value)).OrderBy(_ => random.Next()).Take(k == 1 ? FullCaseload : 15))
            {
                db.Add(new KeyworkerAllocation { PupilId = pupil.Id, StaffUserId = keyworker.Id, StartsOn = startOfYear });
            }
        }

        // Teachers with six classes each, drawn from one year group at a time; tutors for every form.
        var teacherCount = special ? 10 : TeachersPerSecondary;
        var byYear = pupils.GroupBy(p => p.YearGroupId!.Value).ToDictionary(g => g.Key, g => g.ToList());
        var yearGroups = school.YearGroups.ToList();
        var forms = yearGroups.SelectMany(y => y.Forms).ToList();
        for (var t = 1; t <= teacherCount; t++)
        {
            var teacher = AddAccount(trust, school, $"teacher{t:00}@{domain}", $"Teacher {t}", "Teacher", Role.Staff, KeyStages.None, passwordHash);
            teachers.Add(teacher);
            if (t <= forms.Count)
            {
                forms[t - 1].TutorUserId = teacher.Id;
            }

            for (var c = 0; c < ClassesPerTeacher; c++)
            {
                var yearGroup = yearGroups[random.Next(yearGroups.Count)];
                var cohort = byYear[yearGroup.Id];
                var size = Math.Min(special ? 8 : ClassSize, cohort.Count);
                var start = random.Next(Math.Max(1, cohort.Count - size));
                var group = new TeachingGroup { SchoolId = school.Id, Name = $"{yearGroup.NationalCurriculumYear}{Subjects[(t + c) % Subjects.Length]}/T{t:00}-{c + 1}", Subject = Subjects[(t + c) % Subjects.Length] };
                group.Staff.Add(new TeachingGroupStaff { StaffUserId = teacher.Id });
                foreach (var pupil in cohort.Skip(start).Take(size))
                {
                    group.Pupils.Add(new TeachingGroupPupil { PupilId = pupil.Id });
                }

                db.Add(group);
            }
        }

        for (var a = 1; a <= (special ? 12 : 15); a++)
        {
            assistants.Add(AddAccount(trust, school, $"ta{a:00}@{domain}", $"Teaching assistant {a}", "Teaching assistant", Role.Staff, KeyStages.None, passwordHash));
        }

        for (var r = 1; r <= 5; r++)
        {
            lunchtime.Add(AddAccount(trust, school, $"lunchtime{r}@{domain}", $"Lunchtime supervisor {r}", "Lunchtime supervisor", Role.Reporter, KeyStages.None, passwordHash));
        }

        return new SchoolStaff(dsl, deputies, teachers, pastoral, assistants, lunchtime);
    }

    private StaffUser AddAccount(Trust trust, School? school, string email, string name, string jobTitle, Role role, KeyStages scope, string passwordHash)
    {
        var user = new StaffUser
        {
            TrustId = trust.Id,
            DisplayName = name,
            JobTitle = jobTitle,
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            PasswordHash = passwordHash,
            SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            TwoFactorEnabled = true,
            LockoutEnabled = true,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(user);
        db.Add(new IdentityUserToken<Guid> { UserId = user.Id, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = DemoSeeder.TotpSecret });
        db.Add(new RoleAssignment { UserId = user.Id, TrustId = trust.Id, SchoolId = school?.Id, Role = role, KeyStageScope = scope });
        if (role == Role.DeputyDsl)
        {
            db.Add(new RoleAssignment { UserId = user.Id, TrustId = trust.Id, SchoolId = school?.Id, Role = Role.PastoralStaff, KeyStageScope = scope });
        }

        return user;
    }

    private static readonly string[] SchoolNames =
    [
        "Kingsmead", "Hollybrook", "Ashford Vale", "Brambleside", "Castlegate", "Deanfield", "Elmstead", "Foxhill", "Greyfriars", "Harbourside",
        "Ivybridge Park", "Juniper Hill", "Kestrel Heath", "Larkrise", "Millbrook", "Northgate", "Oakwood", "Pennant", "Queensway", "Ravensworth",
    ];

    private static readonly string[] Subjects = ["En", "Ma", "Sc", "Hi", "Gg", "Fr", "Ar", "Mu", "Pe", "Cs", "Re", "Dt"];
}

public sealed record GenerationReport(string Preset, int Schools, int Pupils, int Concerns, int Incidents, int Rows, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Preset}: {Schools} schools, {Pupils:N0} pupils, {Concerns:N0} concerns, {Incidents:N0} incidents, {Rows:N0} rows in {Elapsed.TotalSeconds:F1} s ({Rows / Math.Max(0.001, Elapsed.TotalSeconds):N0} rows/s)";
}
