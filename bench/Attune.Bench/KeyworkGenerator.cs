using Attune.Features.Keywork;
using Attune.Features.Pupils;
using Attune.Features.Schools;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Attune.Platform.Web;

namespace Attune.Bench;

/// <summary>
/// A school year of keywork: every pupil on a caseload has a passport (two versions), sessions every fortnight or so,
/// check-ins, and some a regulation plan, a risk assessment and a support plan; a third of the other pupils have a
/// passport too, so teachers' need-to-know passports have something to show.
/// </summary>
public static class KeyworkGenerator
{
    public static int AddSchool(AppDbContext db, School school, List<Pupil> pupils, IReadOnlyList<StaffUser> pastoral, Random random, DateTime now)
    {
        var today = DateOnly.FromDateTime(LocalTime.ToUk(now));
        var ids = pupils.Select(p => p.Id).ToHashSet();
        var allocations = db.ChangeTracker.Entries<KeyworkerAllocation>().Select(e => e.Entity).Where(a => ids.Contains(a.PupilId)).ToList();
        var keyworkers = pastoral.ToDictionary(u => u.Id);
        var rows = 0;

        // A pupil with two keyworkers is written up once.
        foreach (var allocation in allocations.DistinctBy(a => a.PupilId))
        {
            var keyworker = keyworkers[allocation.StaffUserId];
            var pupil = pupils.First(p => p.Id == allocation.PupilId);
            rows += Passport(db, pupil, keyworker, random, now, today);
            for (var s = 0; s < 8; s++)
            {
                var held = today.AddDays(-3 - (s * 12) - random.Next(4));
                db.Add(new KeyworkSession
                {
                    PupilId = pupil.Id, SchoolId = school.Id, Kind = SessionKind.Planned, HeldOn = held, StartedAt = new TimeOnly(9 + random.Next(6), 15), DurationMinutes = 30,
                    Themes = [KeyworkSessions.DefaultThemes[random.Next(KeyworkSessions.DefaultThemes.Count)]], Discussed = "How the fortnight has gone; friendships and lessons.",
                    PupilWords = "It's been better this week.", NextSteps = s == 0 ? "Speak to the form tutor about seating." : null,
                    NextStepsDueOn = s == 0 ? today.AddDays(random.Next(-3, 6)) : null,
                    RecordedByUserId = keyworker.Id, RecordedByName = keyworker.DisplayName, RecordedUtc = now.AddDays(-3 - (s * 12)),
                });
                db.Add(new WellbeingCheckIn
                {
                    PupilId = pupil.Id, SchoolId = school.Id, Score = 1 + random.Next(5), Comment = "Quick check-in at break.", CheckedInUtc = now.AddDays(-1 - (s * 6)),
                    RecordedByUserId = keyworker.Id, RecordedByName = keyworker.DisplayName,
                });
                rows += 2;
            }

            if (random.Next(2) == 0)
            {
                var plan = new RegulationPlan
                {
                    PupilId = pupil.Id, SchoolId = school.Id, ReviewDueOn = today.AddDays(random.Next(-20, 90)), UpdatedByName = keyworker.DisplayName,
                    Content = new RegulationPlanContent(
                        [.. RegulationPlans.DefaultStages.Select(stage => new StagePlan(stage, $"What {stage.ToLowerInvariant()} looks like for this pupil.", "What adults do at this stage."))],
                        "Breathing together; a walk; fewer words.", "Raised voices; an audience.", "Let me walk it off.", "Works at home too."),
                };
                rows += Record(db, DocumentKind.RegulationPlan, plan, System.Text.Json.JsonSerializer.Serialize(plan.Content, RegulationPlanConfiguration.Json), keyworker, now) + 1;
                db.Add(plan);
            }

            if (random.Next(3) == 0)
            {
                var assessment = new RiskAssessment
                {
                    PupilId = pupil.Id, SchoolId = school.Id, Kind = RiskKind.Absconding, OwnerUserId = keyworker.Id, OwnerName = keyworker.DisplayName,
                    ReviewDueOn = today.AddDays(random.Next(-10, 60)), UpdatedByName = keyworker.DisplayName,
                    Content = new RiskAssessmentContent("Leaving lessons", null, [new Hazard("Leaves class when overwhelmed", "The pupil", 4, 3, "Time-out card; radio pastoral.", 2, 3)]),
                };
                rows += Record(db, DocumentKind.RiskAssessment, assessment, System.Text.Json.JsonSerializer.Serialize(assessment.Content, RiskAssessmentConfiguration.Json), keyworker, now) + 1;
                db.Add(assessment);
            }

            if (random.Next(3) == 0)
            {
                var support = new SupportPlan
                {
                    PupilId = pupil.Id, SchoolId = school.Id, StartedOn = today.AddDays(-40), ReviewDueOn = today.AddDays(random.Next(-10, 40)), UpdatedByName = keyworker.DisplayName,
                    Content = new SupportPlanContent("Settling back", "Anxiety in busy lessons.", [new PlanTarget("Stay in every lesson", "No walk-outs logged", null, TargetOutcome.NotYetReviewed, null)],
                        [new PlanIntervention("Morning check-in", "Daily", keyworker.DisplayName, today.AddDays(-40), null)], null, null, null),
                };
                rows += Record(db, DocumentKind.SupportPlan, support, System.Text.Json.JsonSerializer.Serialize(support.Content, SupportPlanConfiguration.Json), keyworker, now) + 1;
                db.Add(support);
            }
        }

        var onCaseload = allocations.Select(a => a.PupilId).ToHashSet();
        var writer = pastoral[0];
        foreach (var pupil in pupils.Where(p => !onCaseload.Contains(p.Id) && random.Next(3) == 0))
        {
            rows += Passport(db, pupil, writer, random, now, today);
        }

        return rows;
    }

    private static int Passport(AppDbContext db, Pupil pupil, StaffUser by, Random random, DateTime now, DateOnly today)
    {
        var passport = new PupilPassport
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, ReviewDueOn = today.AddDays(random.Next(-30, 180)), UpdatedByName = by.DisplayName,
            Content = PupilPassport.Fields.Take(10 + random.Next(PupilPassport.Fields.Count - 10)).ToDictionary(f => f.Key,
                f => $"{f.Label}: a few sentences written with {pupil.FirstName}, about as long as a real answer is. What works, and what to look out for in class."),
        };
        db.Add(passport);
        var first = new Dictionary<string, string>(passport.Content);
        first.Remove(first.Keys.Last());
        Record(db, DocumentKind.Passport, passport, PupilPassportConfiguration.Serialize(first), by, now.AddDays(-60));
        Record(db, DocumentKind.Passport, passport, PupilPassportConfiguration.Serialize(passport.Content), by, now.AddDays(-10));
        return 3;
    }

    private static int Record(AppDbContext db, DocumentKind kind, IKeyworkDocument document, string content, StaffUser by, DateTime when)
    {
        DocumentVersion.Record(db, kind, document, content, null, by.Id, by.DisplayName, when);
        return 1;
    }
}
