using Attune.Features.Pupils;
using Attune.Features.Safeguarding;
using Attune.Features.Schools;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Demo;

public static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddAttuneDemo(this IServiceCollection services) => services.AddScoped<DemoSeeder>();
}

/// <summary>
/// A fictional demo trust: a special school for pupils with social, emotional and mental health needs and
/// a secondary academy, about 600 pupils with families, and staff in every role. Deterministic: the same
/// seed gives the same people. Every demo account shares <see cref="Password"/> and <see cref="TotpSecret"/>.
/// </summary>
public sealed class DemoSeeder(AppDbContext db, UserManager<StaffUser> users, TimeProvider clock)
{
    public const string Password = "attune-demo-password";
    public const string TotpSecret = "ATTUNEDEMOSECRETKEYFORTESTING234";
    public const string TrustName = "Riverside Learning Trust (demo)";

    /// <summary>The demo sign-ins, also listed in the README.</summary>
    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("trust.admin@riverside.example", "Morgan Hale", "Trust IT and data manager", null, Role.TrustAdministrator, ""),
        new("trust.dsl@riverside.example", "Dr Ruth Okafor", "Trust safeguarding lead", null, Role.Dsl, ""),
        new("admin@kingsmead.example", "Sam Patel", "School business manager", DemoSchools.Kingsmead, Role.SchoolAdministrator, ""),
        new("dsl@kingsmead.example", "Helen Brooks", "Designated safeguarding lead", DemoSchools.Kingsmead, Role.Dsl, ""),
        new("deputy.ks3@kingsmead.example", "Tom Achterberg", "Pupil support officer, KS3 deputy DSL", DemoSchools.Kingsmead, Role.DeputyDsl, "KS3"),
        new("pso.ks4@kingsmead.example", "Aisha Rahman", "Pupil support officer, KS4 deputy DSL", DemoSchools.Kingsmead, Role.DeputyDsl, "KS4"),
        new("pastoral.lead@kingsmead.example", "Gareth Lloyd", "Assistant headteacher (pastoral)", DemoSchools.Kingsmead, Role.PastoralLead, ""),
        new("teacher@kingsmead.example", "Priya Shah", "Teacher of English, Year 9 tutor", DemoSchools.Kingsmead, Role.Staff, ""),
        new("ta@kingsmead.example", "Jordan Mills", "Teaching assistant", DemoSchools.Kingsmead, Role.Staff, ""),
        new("lunchtime@kingsmead.example", "Bev Collins", "Lunchtime supervisor", DemoSchools.Kingsmead, Role.Reporter, ""),
        new("admin@hollybrook.example", "Chris Nowak", "Office manager", DemoSchools.Hollybrook, Role.SchoolAdministrator, ""),
        new("dsl@hollybrook.example", "Marcus Reid", "Designated safeguarding lead", DemoSchools.Hollybrook, Role.Dsl, ""),
        new("pastoral.lead@hollybrook.example", "Fiona Grant", "Pastoral care manager", DemoSchools.Hollybrook, Role.PastoralLead, ""),
        new("keyworker@hollybrook.example", "Leah Adeyemi", "Pastoral support officer (keyworker)", DemoSchools.Hollybrook, Role.PastoralStaff, "KS2"),
        new("teacher@hollybrook.example", "Owen Price", "Class teacher, Hub 3", DemoSchools.Hollybrook, Role.Staff, ""),
        new("therapist@hollybrook.example", "Nadia Kowalczyk", "Speech and language therapist", DemoSchools.Hollybrook, Role.Staff, ""),
    ];

    public static void PrintSignIns(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Attune demo trust created. Every demo account signs in with:");
        output.WriteLine($"  password: {Password}");
        output.WriteLine($"  authenticator (TOTP) secret: {TotpSecret}  (add it to any authenticator app)");
        output.WriteLine("Demo accounts:");
        foreach (var account in Accounts)
        {
            output.WriteLine($"  {account.Email,-36} {RoleNames.Describe(account.Role)}{(account.Scope.Length > 0 ? " (" + account.Scope + ")" : "")}");
        }

        output.WriteLine();
    }

    /// <summary>Creates the demo trust unless the database already holds a trust. Returns whether it did.</summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Trusts.AnyAsync(cancellationToken))
        {
            return false;
        }

        var random = new Random(20260901);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var trust = new Trust { Name = TrustName };
        db.Trusts.Add(trust);

        var kingsmead = DemoSchools.Create(trust, DemoSchools.Kingsmead, today);
        var hollybrook = DemoSchools.Create(trust, DemoSchools.Hollybrook, today);
        db.Schools.AddRange(kingsmead, hollybrook);

        var staffByEmail = await CreateStaffAsync(trust, new() { [DemoSchools.Kingsmead] = kingsmead, [DemoSchools.Hollybrook] = hollybrook });
        var families = new DemoFamilies(random);
        var kingsmeadPupils = families.Populate(kingsmead, pupilsPerYear: 66, laNumber: 874, establishment: 4321);
        var hollybrookPupils = families.Populate(hollybrook, pupilsPerYear: 17, laNumber: 874, establishment: 7012);
        db.Pupils.AddRange(kingsmeadPupils);
        db.Pupils.AddRange(hollybrookPupils);
        db.Contacts.AddRange(families.Contacts);

        LinkStaffToPupils(random, kingsmead, hollybrook, kingsmeadPupils, hollybrookPupils, staffByEmail);
        SeedConcerns(kingsmead, hollybrook, kingsmeadPupils, hollybrookPupils, staffByEmail);
        SeedKeywork([.. kingsmeadPupils, .. hollybrookPupils], staffByEmail);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Passports and sessions for the first pupils on each demo keyworker's caseload, so "my caseload" shows a
    /// mix: a passport in date, one overdue for review, a pupil with no passport, next steps due this week.
    /// </summary>
    private void SeedKeywork(List<Pupil> pupils, Dictionary<string, StaffUser> staff)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        foreach (var email in new[] { "keyworker@hollybrook.example", "pso.ks4@kingsmead.example" })
        {
            var keyworker = staff[email];
            var caseload = db.ChangeTracker.Entries<KeyworkerAllocation>().Select(e => e.Entity)
                .Where(k => k.StaffUserId == keyworker.Id).Select(k => pupils.First(p => p.Id == k.PupilId)).Take(3).ToList();
            foreach (var (pupil, i) in caseload.Select((p, i) => (p, i)))
            {
                if (i < 2)
                {
                    var content = new Dictionary<string, string>
                    {
                        ["aboutMe"] = $"I’m {pupil.FirstName}. I like it when people explain things calmly and give me time to answer.",
                        ["strengths"] = "Kind to younger pupils; very good at drawing.",
                        ["whatHelps"] = "A quiet word rather than being singled out. Time out card: let me go to the pastoral room for five minutes.",
                        ["whatDoesNotHelp"] = "Being rushed, or asked to read aloud without warning.",
                        ["triggers"] = "Loud corridors at changeover; unexpected supply teachers.",
                        ["earlyWarningSigns"] = "Hood up, tapping the desk, not answering.",
                        ["trustedAdults"] = keyworker.DisplayName,
                    };
                    var passport = new Keywork.PupilPassport
                    {
                        PupilId = pupil.Id, SchoolId = pupil.SchoolId, Content = content, Number = 1,
                        ReviewDueOn = i == 0 ? today.AddMonths(3) : today.AddDays(-10),
                        UpdatedUtc = now.AddDays(-40), UpdatedByUserId = keyworker.Id, UpdatedByName = keyworker.DisplayName,
                    };
                    db.Add(passport);
                    db.Add(new Keywork.DocumentVersion
                    {
                        Kind = Keywork.DocumentKind.Passport, DocumentId = passport.Id, PupilId = pupil.Id, Number = 1,
                        Content = Keywork.PupilPassportConfiguration.Serialize(content), ReviewDueOn = passport.ReviewDueOn,
                        SavedUtc = passport.UpdatedUtc, SavedByUserId = keyworker.Id, SavedByName = keyworker.DisplayName, ChangeNote = "First written with the pupil.",
                    });
                }

                db.Add(new Keywork.KeyworkSession
                {
                    PupilId = pupil.Id, SchoolId = pupil.SchoolId, Kind = Keywork.SessionKind.Planned, HeldOn = today.AddDays(-3 - (i * 9)),
                    StartedAt = new TimeOnly(10, 15), DurationMinutes = 30, Themes = ["Anxiety", "Friendships"],
                    Discussed = "How the week has gone; worries about the group in science.", PupilWords = "It’s better when I sit near the door.",
                    StrategiesPractised = "Box breathing; using the time out card.", NextSteps = "Ask the science teacher about a seat near the door.",
                    NextStepsDueOn = today.AddDays(2 - (i * 4)), RecordedByUserId = keyworker.Id, RecordedByName = keyworker.DisplayName, RecordedUtc = now.AddDays(-3 - (i * 9)),
                });
            }
        }
    }

    private async Task<Dictionary<string, StaffUser>> CreateStaffAsync(Trust trust, Dictionary<string, School> schools)
    {
        var hash = users.PasswordHasher.HashPassword(null!, Password);
        var created = new Dictionary<string, StaffUser>();
        foreach (var account in Accounts)
        {
            var user = new StaffUser
            {
                TrustId = trust.Id,
                DisplayName = account.Name,
                JobTitle = account.JobTitle,
                UserName = account.Email,
                Email = account.Email,
                EmailConfirmed = true,
                PasswordHash = hash,
                TwoFactorEnabled = true,
                CreatedUtc = clock.GetUtcNow().UtcDateTime,
            };
            var result = await users.CreateAsync(user);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("Demo account could not be created: " + string.Join("; ", result.Errors.Select(e => e.Code)));
            }

            db.UserTokens.Add(new IdentityUserToken<Guid>
            {
                UserId = user.Id,
                LoginProvider = "[AspNetUserStore]",
                Name = "AuthenticatorKey",
                Value = TotpSecret,
            });
            db.RoleAssignments.Add(new RoleAssignment
            {
                UserId = user.Id,
                TrustId = trust.Id,
                SchoolId = account.School is null ? null : schools[account.School].Id,
                Role = account.Role,
                KeyStageScope = account.Scope.Length == 0 ? KeyStages.None : Enum.Parse<KeyStages>(account.Scope),
            });
            created[account.Email] = user;
        }

        // The KS3 and KS4 pupil support officers are deputy DSLs and keyworkers for their key stage.
        foreach (var (email, scope) in new[] { ("deputy.ks3@kingsmead.example", KeyStages.KS3), ("pso.ks4@kingsmead.example", KeyStages.KS4) })
        {
            db.RoleAssignments.Add(new RoleAssignment
            {
                UserId = created[email].Id,
                TrustId = trust.Id,
                SchoolId = schools[DemoSchools.Kingsmead].Id,
                Role = Role.PastoralStaff,
                KeyStageScope = scope,
            });
        }

        return created;
    }

    private void LinkStaffToPupils(
        Random random, School kingsmead, School hollybrook, List<Pupil> kingsmeadPupils, List<Pupil> hollybrookPupils,
        Dictionary<string, StaffUser> staff)
    {
        var teacher = staff["teacher@kingsmead.example"].Id;
        var tutorForm = kingsmead.YearGroups.Single(y => y.NationalCurriculumYear == 9).Forms[0];
        tutorForm.TutorUserId = teacher;
        foreach (var (year, name) in new[] { (9, "9X/En1"), (10, "10Y/En2"), (11, "11X/En1") })
        {
            var group = new TeachingGroup { SchoolId = kingsmead.Id, Name = name, Subject = "English" };
            group.Staff.Add(new TeachingGroupStaff { StaffUserId = teacher });
            var yearGroup = kingsmead.YearGroups.Single(y => y.NationalCurriculumYear == year);
            foreach (var pupil in kingsmeadPupils.Where(p => p.YearGroupId == yearGroup.Id).Take(28))
            {
                group.Pupils.Add(new TeachingGroupPupil { PupilId = pupil.Id });
            }

            db.TeachingGroups.Add(group);
        }

        var support = new TeachingGroup { SchoolId = kingsmead.Id, Name = "7 Literacy support", Subject = "Literacy" };
        support.Staff.Add(new TeachingGroupStaff { StaffUserId = staff["ta@kingsmead.example"].Id });
        var year7 = kingsmead.YearGroups.Single(y => y.NationalCurriculumYear == 7);
        foreach (var pupil in kingsmeadPupils.Where(p => p.YearGroupId == year7.Id && p.SenStatus != SenStatus.None).Take(12))
        {
            support.Pupils.Add(new TeachingGroupPupil { PupilId = pupil.Id });
        }

        db.TeachingGroups.Add(support);

        var hub = new TeachingGroup { SchoolId = hollybrook.Id, Name = "Hub 3", Subject = "Class" };
        hub.Staff.Add(new TeachingGroupStaff { StaffUserId = staff["teacher@hollybrook.example"].Id });
        var therapy = new TeachingGroup { SchoolId = hollybrook.Id, Name = "Speech and language caseload", Subject = "Therapy" };
        therapy.Staff.Add(new TeachingGroupStaff { StaffUserId = staff["therapist@hollybrook.example"].Id });
        foreach (var pupil in hollybrookPupils.Where((_, i) => i % 6 == 0))
        {
            hub.Pupils.Add(new TeachingGroupPupil { PupilId = pupil.Id });
        }

        foreach (var pupil in hollybrookPupils.Where((_, i) => i % 9 == 1))
        {
            therapy.Pupils.Add(new TeachingGroupPupil { PupilId = pupil.Id });
        }

        db.TeachingGroups.AddRange(hub, therapy);

        // Keyworkers: the Hollybrook keyworker has a caseload across the school; the Kingsmead officers in their key stage.
        var startOfYear = kingsmead.AcademicYears[0].StartsOn;
        var keyworker = staff["keyworker@hollybrook.example"].Id;
        foreach (var pupil in hollybrookPupils.OrderBy(_ => random.Next()).Take(8))
        {
            db.KeyworkerAllocations.Add(new KeyworkerAllocation { PupilId = pupil.Id, StaffUserId = keyworker, StartsOn = startOfYear });
        }

        foreach (var (email, years) in new[] { ("deputy.ks3@kingsmead.example", new[] { 7, 8, 9 }), ("pso.ks4@kingsmead.example", new[] { 10, 11 }) })
        {
            var yearGroupIds = kingsmead.YearGroups.Where(y => years.Contains(y.NationalCurriculumYear)).Select(y => y.Id).ToHashSet();
            foreach (var pupil in kingsmeadPupils.Where(p => yearGroupIds.Contains(p.YearGroupId!.Value)).OrderBy(_ => random.Next()).Take(12))
            {
                db.KeyworkerAllocations.Add(new KeyworkerAllocation { PupilId = pupil.Id, StaffUserId = staff[email].Id, StartsOn = startOfYear });
            }
        }
    }

    /// <summary>
    /// A few concerns in each school, in different key stages and states, so the DSL team's queue, a deputy's
    /// narrower view and a DSL-only category can be seen. Kingsmead marks sexual abuse DSL only.
    /// </summary>
    private void SeedConcerns(School kingsmead, School hollybrook, List<Pupil> kingsmeadPupils, List<Pupil> hollybrookPupils, Dictionary<string, StaffUser> staff)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var categories = new Dictionary<(Guid School, string Name), ConcernCategory>();
        foreach (var school in new[] { kingsmead, hollybrook })
        {
            foreach (var (name, i) in ConcernCategories.Defaults.Select((name, i) => (name, i)))
            {
                var category = new ConcernCategory { SchoolId = school.Id, Name = name, SortOrder = (i + 1) * 10, DslOnly = school == kingsmead && name == "Sexual abuse", RetainIndefinitely = ConcernCategories.RetainedIndefinitely.Contains(name) };
                categories[(school.Id, name)] = category;
                db.ConcernCategories.Add(category);
            }
        }

        Pupil InYear(School school, List<Pupil> pupils, int year, int skip) =>
            pupils.Where(p => p.YearGroupId == school.YearGroups.Single(y => y.NationalCurriculumYear == year).Id && p.LeftOn == null).Skip(skip).First();

        void Add(School school, string reporter, string category, int daysAgo, bool urgent, ConcernStatus status, string? acknowledgedBy, string account, string? words, params Pupil[] pupils)
        {
            var user = staff[reporter];
            var recorded = now.AddDays(-daysAgo).AddHours(-1);
            db.Concerns.Add(new Concern
            {
                SchoolId = school.Id,
                ReportedByUserId = user.Id,
                ReporterName = user.DisplayName,
                ReporterJobTitle = user.JobTitle,
                RecordedUtc = recorded,
                OccurredOn = DateOnly.FromDateTime(recorded),
                OccurredAt = new TimeOnly(12, 40),
                Location = "Playground",
                Account = account,
                ChildsWords = words,
                CategoryId = categories[(school.Id, category)].Id,
                Urgent = urgent,
                Status = status,
                AcknowledgedUtc = acknowledgedBy is null ? null : recorded.AddMinutes(20),
                AcknowledgedByUserId = acknowledgedBy is null ? null : staff[acknowledgedBy].Id,
                Pupils = [.. pupils.Select(p => new ConcernPupil { PupilId = p.Id })],
            });
        }

        Add(kingsmead, "teacher@kingsmead.example", "Emotional abuse", 2, false, ConcernStatus.New, null,
            "Tearful during registration and said they did not want to go home tonight. When I asked if they were all right they said their stepdad \"shouts all the time\" and that they stay in their room.",
            "He says I'm useless and I should never have been born.", InYear(kingsmead, kingsmeadPupils, 9, 0));
        Add(kingsmead, "lunchtime@kingsmead.example", "Self-harm or suicidal thoughts", 0, true, ConcernStatus.New, null,
            "At lunch I saw fresh cuts on their forearm when a sleeve rode up. They pulled it down quickly and walked off.",
            "It's nothing, don't tell anyone.", InYear(kingsmead, kingsmeadPupils, 10, 0));
        Add(kingsmead, "ta@kingsmead.example", "Sexual abuse", 1, false, ConcernStatus.New, null,
            "In the literacy group they drew a picture and, when asked about it, said an older cousin makes them keep secrets when he babysits.",
            "He says it's our game and Mum would be cross.", InYear(kingsmead, kingsmeadPupils, 7, 0));
        Add(kingsmead, "teacher@kingsmead.example", "Child-on-child abuse", 10, false, ConcernStatus.Open, "pso.ks4@kingsmead.example",
            "Two pupils were sharing a video on a phone in the corridor that appeared to show another pupil being pushed to the ground and kicked.",
            null, InYear(kingsmead, kingsmeadPupils, 11, 0), InYear(kingsmead, kingsmeadPupils, 11, 1));
        Add(kingsmead, "pastoral.lead@kingsmead.example", "Neglect", 30, false, ConcernStatus.Closed, "dsl@kingsmead.example",
            "Has come in without a coat in cold weather four days running and has said there is no food at home at weekends.",
            "Mum's not been well so I do my own tea.", InYear(kingsmead, kingsmeadPupils, 8, 0));
        Add(hollybrook, "teacher@hollybrook.example", "Neglect", 3, false, ConcernStatus.New, null,
            "Same clothes all week, strong smell, asked for seconds at breakfast club and took bread home in their bag.",
            null, hollybrookPupils.Where((_, i) => i % 6 == 0).First(p => p.LeftOn == null));
        Add(hollybrook, "therapist@hollybrook.example", "Online safety", 6, false, ConcernStatus.Open, "dsl@hollybrook.example",
            "During a session they mentioned a new online friend who asked them for photos and to keep their chats secret.",
            "He's 14 and he's really nice to me.", hollybrookPupils.Where((_, i) => i % 9 == 1).First(p => p.LeftOn == null));
    }
}

public sealed record DemoAccount(string Email, string Name, string JobTitle, string? School, Role Role, string Scope);
