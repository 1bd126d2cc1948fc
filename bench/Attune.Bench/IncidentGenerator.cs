using Attune.Features.Incidents;
using Attune.Features.Keywork;
using Attune.Features.Pupils;
using Attune.Features.Schools;
using Attune.Platform.Calendar;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Attune.Platform.Notifications;
using Attune.Platform.Web;

namespace Attune.Bench;

/// <summary>What <see cref="IncidentGenerator"/> made for one school, or for the whole trust when added up.</summary>
public sealed record IncidentCounts(
    int Incidents, int Positive, int PupilsInvolved, int WithOtherPupils, int Unstructured, int Interventions, int InterventionsReviewed, int Restorative,
    int EnteredInError, int Alerts)
{
    public static readonly IncidentCounts None = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static IncidentCounts operator +(IncidentCounts a, IncidentCounts b) => new(
        a.Incidents + b.Incidents, a.Positive + b.Positive, a.PupilsInvolved + b.PupilsInvolved, a.WithOtherPupils + b.WithOtherPupils,
        a.Unstructured + b.Unstructured, a.Interventions + b.Interventions, a.InterventionsReviewed + b.InterventionsReviewed, a.Restorative + b.Restorative,
        a.EnteredInError + b.EnteredInError, a.Alerts + b.Alerts);

    public override string ToString() =>
        $"{Incidents:N0} incidents ({Positive:N0} positive recognitions) involving {PupilsInvolved:N0} pupils, {WithOtherPupils:N0} with other pupils, " +
        $"{Unstructured:N0} in unstructured time, {Interventions:N0} physical interventions ({InterventionsReviewed:N0} reviewed), " +
        $"{Restorative:N0} restorative records, {EnteredInError:N0} entered in error, {Alerts:N0} pupils alerted for a run of dysregulation";
}

/// <summary>
/// A school year of incidents as a school a year into using Attune would hold them: the school's incident lists and
/// stages of regulation as the app adds them the first time (so every snapshot of a type, severity, location and period
/// is one of the school's options with its flags), and incidents over the last 52 weeks on the days the school is
/// open, in the school day, a third and more in unstructured time (arrival, break, lunch, moving between lessons,
/// departure). They are about a quarter of the pupils (nearly half in a special school), most with one or two and a
/// few with dozens; conflicts and aggression name a second pupil from the same year (involved, or affected) and
/// sometimes witnesses. Lessons are recorded by a teacher of the pupil, break and lunch often by a lunchtime
/// supervisor. A few serious incidents of dysregulation include a physical intervention, which told the pastoral lead
/// and which they have reviewed unless it is recent; some have restorative conversations or reflections, parents told,
/// follow-up. Pupils whose run of dysregulation meets the school's alert rule today have been alerted already, as the
/// rounds would have done, so starting the app sends nothing new.
///
/// One pupil per school, a Year 8 or 9 pupil on the first keyworker's caseload where there is one, is in exactly
/// <see cref="TargetIncidents"/> incidents over the year and in no other: the benchmark's pupil trends page.
///
/// Content comes from the school's own seeded <see cref="Random"/>, so it is deterministic and leaves the rest of the
/// generated trust as it was.
/// </summary>
public sealed class IncidentGenerator
{
    public const int TargetIncidents = 300;

    /// <summary>The last 52 weeks: a trends page of 52 weeks starts on the Monday of the week 51 weeks back, so this fits inside it.</summary>
    private const int WindowDays = 350;

    private readonly AppDbContext _db;
    private readonly SchoolStaff _staff;
    private readonly Random _random;
    private readonly DateTime _now;
    private readonly DateOnly _today;
    private readonly bool _special;
    private readonly Guid _schoolId;
    private readonly Dictionary<Guid, int> _years;
    private readonly Dictionary<IncidentList, List<IncidentOption>> _options;
    private readonly List<DateOnly> _openDays;
    private readonly List<DateOnly> _closedDays;
    private readonly Dictionary<Guid, List<(StaffUser Teacher, string? Subject)>> _teachersOf;
    private readonly HashSet<Guid> _involved = [];
    private readonly IncidentAlertRules _rules;
    private readonly DateOnly _alertWindowFrom;
    private readonly List<(Guid PupilId, DateTime RecordedUtc)> _inAlertWindow = [];
    private int _incidents, _positive, _withOthers, _unstructured, _interventions, _reviewed, _restorative, _inError, _alerts;

    private IncidentGenerator(AppDbContext db, School school, SchoolStaff staff, Random random, DateTime now)
    {
        _db = db;
        _staff = staff;
        _random = random;
        _now = now;
        _today = DateOnly.FromDateTime(LocalTime.ToUk(now));
        _special = school.Phase == SchoolPhase.Special;
        _schoolId = school.Id;
        _years = school.YearGroups.ToDictionary(y => y.Id, y => y.NationalCurriculumYear);

        // As IncidentSettings.AllAsync adds them: every list's defaults in order, with their flags, none retired.
        _options = IncidentSettings.Defaults.ToDictionary(d => d.Key, d => d.Value.Select((c, i) => new IncidentOption
        {
            SchoolId = school.Id, List = d.Key, Name = c.Name, SortOrder = (i + 1) * 10,
            Positive = c.Positive, Dysregulation = c.Dysregulation, OffSite = c.OffSite, Unstructured = c.Unstructured,
        }).ToList());
        db.AddRange(_options.Values.SelectMany(o => o));

        // As RegulationPlans.StagesAsync adds them: the stages an incident records a pupil at.
        db.AddRange(RegulationPlans.DefaultStages.Select((name, i) => new RegulationStage { SchoolId = school.Id, Name = name, SortOrder = (i + 1) * 10 }));

        // No school has changed its alert rules: the defaults, over the school's own school days.
        _rules = new IncidentAlertRules { SchoolId = school.Id };
        _alertWindowFrom = SchoolDays.Of(school.AcademicYears).WindowStart(_today, _rules.DysregulationSchoolDays);

        var days = Enumerable.Range(1, WindowDays).Select(d => _today.AddDays(-d)).OrderBy(d => d).ToList();
        _openDays = [.. days.Where(Open)];
        _closedDays = [.. days.Where(d => !Open(d))];

        var users = staff.Teachers.ToDictionary(t => t.Id);
        _teachersOf = db.ChangeTracker.Entries<TeachingGroup>().Select(e => e.Entity).Where(g => g.SchoolId == school.Id)
            .SelectMany(g => g.Pupils.SelectMany(p => g.Staff.Where(s => users.ContainsKey(s.StaffUserId)).Select(s => (p.PupilId, Teacher: users[s.StaffUserId], g.Subject))))
            .GroupBy(t => t.PupilId)
            .ToDictionary(g => g.Key, g => g.Select(t => (t.Teacher, t.Subject)).ToList());
    }

    /// <summary>Adds the school's incidents to the change tracker, for <see cref="BulkWriter"/> to write.</summary>
    public static IncidentCounts AddSchool(AppDbContext db, School school, IReadOnlyList<Pupil> pupils, SchoolStaff staff, Random random, DateTime now) =>
        new IncidentGenerator(db, school, staff, random, now).Add(pupils);

    private IncidentCounts Add(IReadOnlyList<Pupil> pupils)
    {
        var target = Target(pupils);
        var others = pupils.Where(p => p != target).ToList();
        var byYear = others.GroupBy(p => p.YearGroupId!.Value).ToDictionary(g => g.Key, g => g.ToList());

        // The pupils incidents are about: a minority, most with one or two, a few with dozens.
        var share = _special ? 45 : 28;
        var minority = others.OrderBy(_ => _random.Next()).Take(others.Count * share / 100).ToList();
        var frequent = new List<Pupil>();
        foreach (var pupil in minority)
        {
            var count = _random.Next(100) switch
            {
                < 40 => _random.Next(1, 3),
                < 70 => _random.Next(3, 7),
                < 88 => _random.Next(7, 15),
                < 97 => _random.Next(15, 40),
                _ => _random.Next(40, 100),
            };

            // A pupil who joined this year (Year 7) has had fewer weeks to be in incidents.
            var days = OpenDaysFor(pupil);
            count = Math.Max(1, count * days.Count / Math.Max(1, _openDays.Count));
            if (count >= 7)
            {
                frequent.Add(pupil);
            }

            // A pupil with many incidents has a pattern: one kind of incident more than others, and some rising or falling.
            var dominant = count >= 7 ? Weighted(_special ? SpecialTypes : SecondaryTypes) : null;
            var trend = count >= 7 ? _random.Next(100) switch { < 15 => 1, < 30 => -1, _ => 0 } : 0;
            for (var i = 0; i < count && days.Count > 0; i++)
            {
                var positive = _random.Next(100) < 10;
                var type = positive ? Weighted(PositiveTypes) : dominant is not null && _random.Next(100) < 45 ? dominant : Weighted(_special ? SpecialTypes : SecondaryTypes);
                AddIncident(pupil, Day(days, trend), type, byYear);
            }
        }

        // Recognition for pupils across the school, most of whom are never in an incident.
        var recognitions = others.Count * (_special ? 80 : 30) / 100;
        for (var i = 0; i < recognitions; i++)
        {
            var pupil = others[_random.Next(others.Count)];
            var days = OpenDaysFor(pupil);
            if (days.Count > 0)
            {
                AddIncident(pupil, Day(days, 0), Weighted(PositiveTypes), byYear);
            }
        }

        // Online incidents at a weekend or in a holiday, told to the school afterwards.
        var online = frequent.Count == 0 ? minority : frequent;
        for (var i = 0; i < minority.Count / 12 && online.Count > 0 && _closedDays.Count > 0; i++)
        {
            var pupil = online[_random.Next(online.Count)];
            var day = _closedDays[_random.Next(_closedDays.Count)];
            if (day >= pupil.AdmittedOn)
            {
                AddIncident(pupil, day, "Online", byYear);
            }
        }

        var targetDays = OpenDaysFor(target);
        for (var i = 0; i < TargetIncidents; i++)
        {
            var type = _random.Next(100) < 8 ? "Regulated well" : _random.Next(100) < 35 ? "Dysregulation" : Weighted(SpecialTypes);
            AddIncident(target, targetDays[_random.Next(targetDays.Count)], type, byYear, target: true);
        }

        AddAlerts();
        return new IncidentCounts(_incidents, _positive, _involved.Count, _withOthers, _unstructured, _interventions, _reviewed, _restorative, _inError, _alerts);
    }

    /// <summary>
    /// The dysregulation alerts already sent, as <see cref="IncidentAlerts"/> sends them: for each pupil with the rule's
    /// number of dysregulation incidents in its school days, to their keyworkers, or the pastoral lead when they have none.
    /// </summary>
    private void AddAlerts()
    {
        var keyworkers = _db.ChangeTracker.Entries<KeyworkerAllocation>().Select(e => e.Entity)
            .Where(a => a.StartsOn <= _today && (a.EndsOn == null || a.EndsOn >= _today))
            .ToLookup(a => a.PupilId, a => a.StaffUserId);
        foreach (var run in _inAlertWindow.GroupBy(i => i.PupilId).Where(g => g.Count() >= _rules.DysregulationCount))
        {
            var alerted = Before(run.Max(i => i.RecordedUtc).AddMinutes(10));
            _db.Add(new IncidentAlert
            {
                PupilId = run.Key, SchoolId = _schoolId, AlertedUtc = alerted, Count = run.Count(), SchoolDays = _rules.DysregulationSchoolDays, WindowFrom = _alertWindowFrom,
            });
            var recipients = keyworkers[run.Key].Distinct().ToList();
            var summary = $"{run.Count()} dysregulation incidents in the last {_rules.DysregulationSchoolDays} school days (since {_alertWindowFrom:ddd d MMM}) for a pupil "
                + (recipients.Count > 0 ? "you keywork. Look at their incidents and plans." : "with no keyworker. Look at their incidents and who supports them.");
            foreach (var recipient in recipients.Count > 0 ? recipients : [_staff.Pastoral[0].Id])
            {
                _db.Add(new Notification
                {
                    RecipientUserId = recipient, SchoolId = _schoolId, Category = IncidentAlerts.Category, Summary = summary, Link = $"/pupils/{run.Key}/incidents",
                    SenderName = NotificationSender.Attune.Name, CreatedUtc = alerted,
                });
            }

            _alerts++;
        }
    }

    /// <summary>A Year 8 or 9 pupil (here all year), on the first keyworker's caseload where one is, not looked after.</summary>
    private Pupil Target(IReadOnlyList<Pupil> pupils)
    {
        var caseload = _db.ChangeTracker.Entries<KeyworkerAllocation>().Select(e => e.Entity)
            .Where(a => _staff.Pastoral.Count > 1 && a.StaffUserId == _staff.Pastoral[1].Id).Select(a => a.PupilId).ToHashSet();
        var candidates = pupils.Where(p => !p.LookedAfter && p.AdmittedOn <= _today.AddDays(-WindowDays)).ToList();
        return candidates.FirstOrDefault(p => caseload.Contains(p.Id) && _years[p.YearGroupId!.Value] is 8 or 9)
            ?? candidates.FirstOrDefault(p => _years[p.YearGroupId!.Value] is 8 or 9)
            ?? candidates.FirstOrDefault()
            ?? pupils[0];
    }

    private List<DateOnly> OpenDaysFor(Pupil pupil) => pupil.AdmittedOn is { } admitted ? [.. _openDays.Where(d => d >= admitted)] : _openDays;

    /// <summary>A day from the list; a rising pattern leans to recent days, a falling one to early days.</summary>
    private DateOnly Day(List<DateOnly> days, int trend)
    {
        var skewed = (int)(days.Count * Math.Pow(_random.NextDouble(), 2));
        return trend switch
        {
            > 0 => days[days.Count - 1 - skewed],
            < 0 => days[skewed],
            _ => days[_random.Next(days.Count)],
        };
    }

    private void AddIncident(Pupil pupil, DateOnly on, string typeName, Dictionary<Guid, List<Pupil>> byYear, bool target = false)
    {
        var type = Option(IncidentList.Type, typeName);
        var online = typeName == "Online";
        var periodName = online ? (_random.Next(100) < 60 ? null : "After school") : _random.Next(100) < 5 ? null : Weighted(PeriodWeights);
        var period = periodName is null ? null : Option(IncidentList.Period, periodName);
        var at = online && periodName is null ? new TimeOnly(18, 0).AddMinutes(_random.Next(4 * 60)) : TimeIn(periodName);
        var location = Option(IncidentList.Location, LocationFor(typeName, periodName));
        var severity = type.Positive ? null : Option(IncidentList.Severity, Weighted(SeverityWeights(typeName)));
        var recorder = Recorder(pupil, periodName, typeName);
        var occurred = LocalTime.FromUk(on.ToDateTime(at));
        var recorded = Before(occurred.AddMinutes(_random.Next(10, 180)));
        var texts = Texts.GetValueOrDefault(typeName) ?? Texts["Disruption"];
        var dysregulated = type.Dysregulation || typeName == "Physical aggression";
        var incident = new Incident
        {
            SchoolId = _schoolId,
            OccurredOn = on,
            OccurredAt = at,
            DurationMinutes = _random.Next(2) == 0 ? null : dysregulated ? _random.Next(5, 60) : _random.Next(1, 20),
            TypeName = type.Name,
            Positive = type.Positive,
            Dysregulation = type.Dysregulation,
            SeverityName = severity?.Name ?? "",
            SeverityRank = severity is null ? 0 : _options[IncidentList.Severity].IndexOf(severity) + 1,
            LocationName = location.Name,
            OffSite = location.OffSite,
            PeriodName = period?.Name,
            Unstructured = period?.Unstructured ?? false,
            Lesson = periodName is not null && periodName.StartsWith("Lesson", StringComparison.Ordinal) && _random.Next(100) < 60 ? recorder.Subject : null,
            Antecedent = !type.Positive && _random.Next(100) < 60 ? Antecedents[_random.Next(Antecedents.Length)] : null,
            Behaviour = texts[_random.Next(texts.Length)],
            Consequence = !type.Positive && _random.Next(100) < 70 ? Consequences[_random.Next(Consequences.Length)] : null,
            Triggers = dysregulated && _random.Next(100) < 35 ? Triggers[_random.Next(Triggers.Length)] : null,
            Strategies = dysregulated && _random.Next(100) < 40
                ? [.. StrategyNames.OrderBy(_ => _random.Next()).Take(_random.Next(1, 4)).Select(s => new StrategyTried(s, _random.Next(100) < 60))]
                : [],
            Injuries = typeName == "Physical aggression" && _random.Next(100) < 25 ? "A red mark on the other pupil's arm; first aid given and logged in the accident book." : null,
            Damage = typeName == "Damage to property" ? "A chair and a display board broken." : null,
            RecordedByUserId = recorder.User.Id,
            RecordedByName = recorder.User.DisplayName,
            RecordedUtc = recorded,
        };

        var parentsTold = type.Positive ? 30 : severity!.Name switch { "Serious" => 95, "High" => 80, "Medium" => 35, _ => 8 };
        if (_random.Next(100) < parentsTold)
        {
            incident.ParentsInformed = true;
            incident.ParentsInformedWho = Parents[_random.Next(Parents.Length)];
            incident.ParentsInformedHow = Weighted(ContactWeights);
            incident.ParentsInformedUtc = Before(occurred.AddMinutes(_random.Next(15, 300)));
        }

        if (!type.Positive && _random.Next(100) < 15)
        {
            incident.FollowUp = FollowUps[_random.Next(FollowUps.Length)];
            if (on < _today.AddDays(-7) && _random.Next(100) < 80)
            {
                incident.FollowUpDoneUtc = Before(recorded.AddDays(_random.Next(1, 6)), recorded);
                incident.FollowUpDoneByName = _staff.Pastoral[_random.Next(_staff.Pastoral.Count)].DisplayName;
            }
        }

        incident.Pupils.Add(new IncidentPupil { IncidentId = incident.Id, PupilId = pupil.Id, Role = IncidentRole.Involved, Stage = Stage(typeName) });
        var partner = Partner(pupil, typeName, byYear);
        if (partner is { } other)
        {
            incident.Pupils.Add(new IncidentPupil
            {
                IncidentId = incident.Id, PupilId = other.Pupil.Id, Role = other.Role, Stage = other.Role == IncidentRole.Involved ? Stage(typeName) : null,
            });
            if (_random.Next(100) < 12)
            {
                foreach (var witness in byYear[pupil.YearGroupId!.Value].OrderBy(_ => _random.Next()).Take(_random.Next(1, 3))
                             .Where(w => w != pupil && w != other.Pupil))
                {
                    incident.Pupils.Add(new IncidentPupil { IncidentId = incident.Id, PupilId = witness.Id, Role = IncidentRole.Witness });
                }
            }

            _withOthers++;
        }

        // Staff involved: the recorder, as the form suggests, and often someone who came to help.
        if (_random.Next(100) < 90)
        {
            incident.Staff.Add(new IncidentStaff { IncidentId = incident.Id, StaffUserId = recorder.User.Id, Name = recorder.User.DisplayName });
        }

        if (!type.Positive && _random.Next(100) < 25)
        {
            var helper = _random.Next(2) == 0 ? _staff.Assistants[_random.Next(_staff.Assistants.Count)] : _staff.Pastoral[_random.Next(_staff.Pastoral.Count)];
            if (incident.Staff.All(s => s.StaffUserId != helper.Id))
            {
                incident.Staff.Add(new IncidentStaff { IncidentId = incident.Id, StaffUserId = helper.Id, Name = helper.DisplayName });
            }
        }

        var serious = severity?.Name is "High" or "Serious";
        if (dysregulated && serious && !online && _random.Next(100) < (_special ? 50 : 15))
        {
            AddIntervention(incident, pupil, at, on);
        }

        if (!type.Positive && _random.Next(100) < (partner is null ? 6 : 35))
        {
            AddRestorative(incident, pupil, partner is not null, on, recorded);
        }

        if (!target && _random.Next(1000) < 4)
        {
            incident.EnteredInErrorUtc = Before(recorded.AddHours(_random.Next(1, 48)), recorded);
            incident.EnteredInErrorReason = "Recorded against the wrong pupil; recorded again against the right one.";
            incident.EnteredInErrorByName = _staff.Pastoral[0].DisplayName;
            _inError++;
        }

        if (incident.Dysregulation && incident.EnteredInErrorUtc is null && on >= _alertWindowFrom)
        {
            _inAlertWindow.AddRange(incident.Pupils.Where(p => p.Role == IncidentRole.Involved).Select(p => (p.PupilId, incident.RecordedUtc)));
        }

        _db.Add(incident);
        _incidents++;
        _positive += type.Positive ? 1 : 0;
        _unstructured += incident.Unstructured ? 1 : 0;
        _involved.UnionWith(incident.Pupils.Where(p => p.Role == IncidentRole.Involved).Select(p => p.PupilId));
    }

    /// <summary>A second pupil for a conflict (both involved) or aggression, bullying and prejudice (the other affected), from the same year.</summary>
    private (Pupil Pupil, IncidentRole Role)? Partner(Pupil pupil, string type, Dictionary<Guid, List<Pupil>> byYear)
    {
        var role = type switch
        {
            "Conflict between pupils" => IncidentRole.Involved,
            "Physical aggression" when _random.Next(100) < 60 => IncidentRole.Affected,
            "Verbal aggression" or "Bullying" or "Prejudice-related" or "Online" when _random.Next(100) < 35 => IncidentRole.Affected,
            _ => (IncidentRole?)null,
        };
        if (role is null || !byYear.TryGetValue(pupil.YearGroupId!.Value, out var year))
        {
            return null;
        }

        var other = year[_random.Next(year.Count)];
        return other == pupil ? null : (other, role.Value);
    }

    private void AddIntervention(Incident incident, Pupil pupil, TimeOnly at, DateOnly on)
    {
        var started = at.AddMinutes(_random.Next(1, 10));
        var users = new[] { _staff.Pastoral[_random.Next(_staff.Pastoral.Count)], _staff.Assistants[_random.Next(_staff.Assistants.Count)] }
            .Take(_random.Next(1, 3)).DistinctBy(u => u.Id).ToList();
        var intervention = new PhysicalIntervention
        {
            IncidentId = incident.Id,
            SchoolId = _schoolId,
            PupilId = pupil.Id,
            Technique = Weighted(TechniqueWeights),
            StartedAt = started,
            EndedAt = started.AddMinutes(_random.Next(1, 9)),
            Reason = InterventionReasons[_random.Next(InterventionReasons.Length)],
            Injuries = _random.Next(100) < 10 ? "A graze to the pupil's elbow from the doorframe; first aid given." : null,
            PupilDebrief = _random.Next(100) < 75 ? "Talked it through with the pupil once calm: they said they felt trapped and wanted to get out." : null,
            StaffDebrief = _random.Next(100) < 60 ? "Staff involved met after school; agreed an earlier exit card and a second adult nearby." : null,
            ParentsInformedSameDay = _random.Next(100) < 85,
            Staff = [.. users.Select(u => new InterventionStaff(u.Id, u.DisplayName))],
        };
        foreach (var user in users.Where(u => incident.Staff.All(s => s.StaffUserId != u.Id)))
        {
            incident.Staff.Add(new IncidentStaff { IncidentId = incident.Id, StaffUserId = user.Id, Name = user.DisplayName });
        }

        if (_random.Next(100) < (on < _today.AddDays(-7) ? 92 : 30))
        {
            var lead = _staff.Pastoral[0];
            (intervention.ReviewedByUserId, intervention.ReviewedByName, intervention.ReviewNote) = (lead.Id, lead.DisplayName,
                "Force was reasonable, proportionate and a last resort; both debriefs done. Regulation plan updated with an earlier exit card.");
            intervention.ReviewedUtc = Before(incident.RecordedUtc.AddDays(_random.Next(1, 5)), incident.RecordedUtc);
            _reviewed++;
        }

        incident.ParentsInformed = incident.ParentsInformed || intervention.ParentsInformedSameDay;
        incident.ParentsInformedWho ??= intervention.ParentsInformedSameDay ? Parents[_random.Next(Parents.Length)] : null;
        incident.ParentsInformedHow ??= intervention.ParentsInformedSameDay ? ContactMethod.Phone : null;
        incident.ParentsInformedUtc ??= intervention.ParentsInformedSameDay ? Before(incident.RecordedUtc.AddHours(2), incident.RecordedUtc) : null;
        incident.Intervention = intervention;
        _interventions++;

        // As the app tells the pastoral lead when it is recorded, for their review.
        _db.Add(new Notification
        {
            RecipientUserId = _staff.Pastoral[0].Id, SchoolId = _schoolId, Category = Incidents.InterventionCategory,
            Summary = "A physical intervention was recorded and needs your review.", Link = $"/incidents/{incident.Id}",
            SenderUserId = incident.RecordedByUserId, SenderName = incident.RecordedByName, CreatedUtc = incident.RecordedUtc,
            ReadUtc = intervention.ReviewedUtc,
        });
    }

    private void AddRestorative(Incident incident, Pupil pupil, bool withOther, DateOnly on, DateTime recorded)
    {
        var heldOn = Earliest(on.AddDays(_random.Next(0, 4)), _today);
        var conversation = _random.Next(100) < 70;
        var repair = conversation && _random.Next(100) < 70;
        var repairBy = heldOn.AddDays(7);
        var repairDone = repair && repairBy < _today && _random.Next(100) < 80;
        incident.Restorative.Add(new RestorativeRecord
        {
            IncidentId = incident.Id,
            PupilId = pupil.Id,
            Kind = conversation ? RestorativeKind.Conversation : RestorativeKind.Reflection,
            HeldOn = heldOn,
            WhatHappened = withOther
                ? "Both pupils gave their side: it started as a joke about a game and got out of hand in front of others."
                : "Talked it through with the pupil and the class teacher: they said they had felt picked on and could not calm down.",
            WhoAffected = conversation ? withOther ? "Both pupils, and the class whose lesson was interrupted." : "The class teacher and the pupils nearby." : null,
            WhatNeeded = conversation ? "An apology, and space from each other at break for a week." : null,
            AgreedRepair = repair ? "Apologise to the class teacher and help tidy the room at lunch." : null,
            RepairByOn = repair ? repairBy : null,
            RepairDoneUtc = repairDone ? Before(LocalTime.FromUk(repairBy.ToDateTime(new TimeOnly(13, 30))), recorded) : null,
            RepairDoneByName = repairDone ? _staff.Pastoral[0].DisplayName : null,
            PupilView = _random.Next(100) < 60 ? "I didn't mean it to go that far. I'm OK with them now." : null,
            RecordedByUserId = _staff.Pastoral[0].Id,
            RecordedByName = _staff.Pastoral[0].DisplayName,
            RecordedUtc = Before(LocalTime.FromUk(heldOn.ToDateTime(new TimeOnly(15, 30))), recorded),
        });
        _restorative++;
    }

    /// <summary>Who records it: a teacher of the pupil in lessons, often a lunchtime supervisor at lunch, pastoral staff for what happens online.</summary>
    private (StaffUser User, string? Subject) Recorder(Pupil pupil, string? period, string type)
    {
        var teachers = _teachersOf.GetValueOrDefault(pupil.Id);
        (StaffUser, string?) Teacher()
        {
            if (teachers is not { Count: > 0 } || _random.Next(100) >= 80)
            {
                return (_staff.Teachers[_random.Next(_staff.Teachers.Count)], null);
            }

            var (teacher, subject) = teachers[_random.Next(teachers.Count)];
            return (teacher, SubjectName(subject));
        }

        StaffUser OneOf(IReadOnlyList<StaffUser> staff) => staff[_random.Next(staff.Count)];
        if (type == "Online")
        {
            return (OneOf(_staff.Pastoral), null);
        }

        var roll = _random.Next(100);
        return period switch
        {
            "Lunch" when roll < 45 => (OneOf(_staff.Lunchtime), null),
            "Break" or "Lunch" when roll < 65 => (OneOf(_staff.Assistants), null),
            "Break" or "Lunch" or "Arrival" or "Departure" or "Moving between lessons" when roll < 85 => (OneOf(_staff.Pastoral), null),
            null when roll < 40 => (OneOf(_staff.Pastoral), null),
            _ when roll < 10 => (OneOf(_staff.Assistants), null),
            _ => Teacher(),
        };
    }

    private string? Stage(string type) => type switch
    {
        "Dysregulation" or "Physical aggression" or "Leaving the room or site" or "Verbal aggression" when _random.Next(100) < 55 =>
            Weighted([("Anxious", 20), ("Escalating", 45), ("Crisis", 30), ("Recovery", 5)]),
        "Regulated well" when _random.Next(100) < 60 => Weighted([("Calm", 40), ("Recovery", 40), ("Anxious", 20)]),
        _ when _random.Next(100) < 8 => RegulationPlans.DefaultStages[_random.Next(RegulationPlans.DefaultStages.Count)],
        _ => null,
    };

    private string LocationFor(string type, string? period) => type switch
    {
        "Online" => "Online",
        "Leaving the room or site" => Weighted([("Corridor", 50), ("School gate", 20), ("Field", 20), ("Toilets", 10)]),
        _ => period switch
        {
            "Break" or "Lunch" => Weighted([("Playground", 40), ("Dining hall", 28), ("Field", 15), ("Toilets", 9), ("Corridor", 8)]),
            "Moving between lessons" => Weighted([("Corridor", 85), ("Toilets", 15)]),
            "Arrival" => Weighted([("School gate", 45), ("Playground", 25), ("Reception", 15), ("Corridor", 15)]),
            "Departure" => Weighted([("School gate", 50), ("Transport", 20), ("Playground", 15), ("Corridor", 15)]),
            "After school" => Weighted([("Classroom", 40), ("School gate", 25), ("Off-site visit", 20), ("Field", 15)]),
            "Registration" => Weighted([("Classroom", 85), ("Corridor", 15)]),
            null => Weighted([("Classroom", 40), ("Corridor", 25), ("Calm room", 15), ("Playground", 20)]),
            _ => Weighted([("Classroom", 78), ("Corridor", 8), ("Calm room", 6), ("Toilets", 4), ("Field", 4)]),
        },
    };

    /// <summary>A time within the period, as the school day runs; with no period, any time from arrival to the end of the day.</summary>
    private TimeOnly TimeIn(string? period)
    {
        if (period == "Moving between lessons")
        {
            return Changeovers[_random.Next(Changeovers.Length)].AddMinutes(_random.Next(-2, 5));
        }

        var (from, to) = period is null ? (new TimeOnly(8, 20), new TimeOnly(15, 20)) : Periods[period];
        return from.AddMinutes(_random.Next((int)(to - from).TotalMinutes));
    }

    private IncidentOption Option(IncidentList list, string name) => _options[list].First(o => o.Name == name);

    private T Weighted<T>(IReadOnlyList<(T Item, int Weight)> items)
    {
        var roll = _random.Next(items.Sum(i => i.Weight));
        foreach (var (item, weight) in items)
        {
            if ((roll -= weight) < 0)
            {
                return item;
            }
        }

        return items[^1].Item;
    }

    /// <summary>Never in the future, and never before <paramref name="notBefore"/>.</summary>
    private DateTime Before(DateTime utc, DateTime? notBefore = null)
    {
        var latest = _now.AddMinutes(-1);
        var value = utc > latest ? latest : utc;
        return notBefore is { } floor && value < floor ? (floor > latest ? latest : floor) : value;
    }

    private static DateOnly Earliest(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>
    /// A day the school is open: a working day in term, with the terms the demo schools have (3 September to 18 December,
    /// 5 January to 26 March, 12 April to 21 July) and a week's half term in each.
    /// </summary>
    private static bool Open(DateOnly day)
    {
        if (!WorkingDays.IsWorkingDay(day))
        {
            return false;
        }

        var key = day.Month * 100 + day.Day;
        return !Holidays.Any(h => h.From <= h.To ? key >= h.From && key <= h.To : key >= h.From || key <= h.To);
    }

    private static readonly (int From, int To)[] Holidays = [(722, 902), (1026, 1030), (1219, 104), (216, 220), (327, 411), (525, 529)];

    private static string? SubjectName(string? code) => code switch
    {
        "En" => "English", "Ma" => "Maths", "Sc" => "Science", "Hi" => "History", "Gg" => "Geography", "Fr" => "French", "Ar" => "Art", "Mu" => "Music",
        "Pe" => "PE", "Cs" => "Computing", "Re" => "RE", "Dt" => "Design and technology", _ => code,
    };

    private static readonly Dictionary<string, (TimeOnly From, TimeOnly To)> Periods = new()
    {
        ["Arrival"] = (new(8, 15), new(8, 35)),
        ["Registration"] = (new(8, 35), new(8, 50)),
        ["Lesson 1"] = (new(8, 50), new(9, 50)),
        ["Lesson 2"] = (new(9, 50), new(10, 50)),
        ["Break"] = (new(10, 50), new(11, 10)),
        ["Lesson 3"] = (new(11, 10), new(12, 10)),
        ["Lesson 4"] = (new(12, 10), new(13, 10)),
        ["Lunch"] = (new(13, 10), new(13, 55)),
        ["Lesson 5"] = (new(13, 55), new(14, 55)),
        ["Departure"] = (new(14, 55), new(15, 20)),
        ["After school"] = (new(15, 20), new(17, 0)),
    };

    private static readonly TimeOnly[] Changeovers = [new(9, 50), new(11, 10), new(12, 10), new(13, 55)];

    /// <summary>How a school's incidents fall across the day: unstructured times weigh more than their minutes.</summary>
    private static readonly (string, int)[] PeriodWeights =
    [
        ("Arrival", 5), ("Registration", 4), ("Lesson 1", 8), ("Lesson 2", 9), ("Break", 10), ("Lesson 3", 10), ("Lesson 4", 11), ("Lunch", 14),
        ("Lesson 5", 13), ("Moving between lessons", 8), ("Departure", 5), ("After school", 3),
    ];

    private static readonly (string, int)[] SecondaryTypes =
    [
        ("Disruption", 26), ("Refusal", 16), ("Verbal aggression", 12), ("Conflict between pupils", 11), ("Dysregulation", 9), ("Leaving the room or site", 8),
        ("Physical aggression", 6), ("Bullying", 4), ("Damage to property", 3), ("Online", 3), ("Prejudice-related", 2),
    ];

    private static readonly (string, int)[] SpecialTypes =
    [
        ("Dysregulation", 24), ("Physical aggression", 15), ("Leaving the room or site", 12), ("Verbal aggression", 12), ("Refusal", 10), ("Disruption", 9),
        ("Conflict between pupils", 8), ("Damage to property", 6), ("Bullying", 2), ("Online", 1), ("Prejudice-related", 1),
    ];

    private static readonly (string, int)[] PositiveTypes = [("Positive recognition", 50), ("Regulated well", 30), ("Kindness", 20)];

    private static (string, int)[] SeverityWeights(string type) => type switch
    {
        "Physical aggression" or "Damage to property" or "Prejudice-related" or "Bullying" => [("Low", 15), ("Medium", 40), ("High", 33), ("Serious", 12)],
        "Disruption" or "Refusal" => [("Low", 65), ("Medium", 30), ("High", 5)],
        _ => [("Low", 48), ("Medium", 32), ("High", 15), ("Serious", 5)],
    };

    private static readonly (string, int)[] TechniqueWeights =
    [
        ("Guide (hand on arm or back)", 30), ("Friendly escort", 25), ("Single elbow", 15), ("Double elbow", 8), ("Figure of four", 4), ("Seated hold", 6),
        ("Blocking or barrier", 10), ("Other (describe in why it was necessary)", 2),
    ];

    private static readonly (ContactMethod, int)[] ContactWeights = [(ContactMethod.Phone, 50), (ContactMethod.App, 25), (ContactMethod.Email, 15), (ContactMethod.InPerson, 10)];

    private static readonly string[] Parents = ["Mum", "Dad", "Carer", "Grandmother (kinship carer)", "Foster carer"];

    private static readonly string[] StrategyNames = ["Breathing together", "Offered a walk", "Fewer words", "Time-out card", "Calm room", "Movement break", "Choice of two"];

    private static readonly Dictionary<string, string[]> Texts = new()
    {
        ["Dysregulation"] =
        [
            "Became very distressed when the seating plan changed: shouting, pacing at the back of the room and unable to settle for twenty minutes.",
            "Put their head down and then swept everything off the desk when asked to start the task; curled up under the table and would not speak.",
            "Screamed and ran to the corner of the room when the fire alarm test went off; rocking and covering their ears.",
        ],
        ["Physical aggression"] =
        [
            "Pushed another pupil hard into the lockers after an argument in the queue, then kicked out when staff stepped in.",
            "Threw a chair across the room towards another pupil; it missed and hit the wall.",
            "Punched another pupil in the arm twice after being called a name.",
        ],
        ["Verbal aggression"] =
        [
            "Swore repeatedly at the teacher when asked to put their phone away, and told them to get out of their face.",
            "Shouted threats at another pupil across the playground and had to be walked away.",
        ],
        ["Leaving the room or site"] =
        [
            "Walked out of the lesson without permission and was found in the toilets twenty minutes later.",
            "Left the school site through the side gate during the lesson; found on the field by the pastoral team.",
        ],
        ["Disruption"] =
        [
            "Talking over the teacher and making noises throughout the starter; moved seats twice and still distracting others.",
            "Repeatedly out of their seat and throwing paper at other pupils during the practical.",
            "Calling out and laughing during the assessment so others could not work.",
        ],
        ["Refusal"] =
        [
            "Refused to start any work or take their coat off, saying the lesson was pointless.",
            "Would not move to their seat or follow any instruction; sat on the floor by the door.",
        ],
        ["Conflict between pupils"] =
        [
            "An argument over a football game turned into pushing and shouting between the two pupils; separated by staff on duty.",
            "Two pupils fell out over messages in a group chat and it flared up in the queue for lunch.",
        ],
        ["Bullying"] =
        [
            "Reported by another pupil: has been taking their snack and calling them names on the way to lessons for two weeks.",
            "Excluding another pupil from the group and encouraging others to laugh at them in the changing rooms.",
        ],
        ["Prejudice-related"] =
        [
            "Used a racist name towards another pupil in the corridor; heard by a member of staff.",
            "Made homophobic comments about another pupil in the lesson.",
        ],
        ["Damage to property"] =
        [
            "Kicked a chair until it broke and pulled down part of a display after being told to stay behind.",
            "Wrote on the toilet walls in marker pen.",
        ],
        ["Online"] =
        [
            "Screenshots shared with the school of unkind messages sent about another pupil in a group chat at the weekend.",
            "Posted a video of another pupil without their consent; parents contacted the school.",
        ],
        ["Positive recognition"] =
        [
            "Stayed behind to help a new pupil find their way to their next lesson, without being asked.",
            "Outstanding effort in the assessment: resubmitted their work twice to improve it.",
        ],
        ["Regulated well"] =
        [
            "Noticed they were getting cross, used their time-out card and came back calmly after five minutes.",
            "Walked away from an argument at lunch and came to find an adult instead.",
        ],
        ["Kindness"] =
        [
            "Looked after a pupil who was upset at break and brought them to the pastoral office.",
            "Shared their lunch with a pupil who had forgotten theirs.",
        ],
    };

    private static readonly string[] Antecedents =
    [
        "A cover teacher and a change to the seating plan.",
        "Had been told off in the previous lesson and came in already upset.",
        "Asked to read aloud in front of the class.",
        "A long queue for lunch and a disagreement about who was first.",
        "Came in from break after a falling-out with friends.",
    ];

    private static readonly string[] Consequences =
    [
        "Moved to the pastoral office to calm down, then returned to the next lesson.",
        "Given space, then talked it through with a member of staff; apologised.",
        "Detention set for the following day and parents informed.",
        "Spent the rest of the lesson working in the inclusion room.",
    ];

    private static readonly string[] Triggers = ["Noise and crowding", "Unexpected change", "Feeling singled out", "Hunger or tiredness", "Being told no"];

    private static readonly string[] FollowUps =
    [
        "Restorative conversation with both pupils.",
        "Call home to talk it through with parents.",
        "Review the regulation plan with the keyworker.",
        "Change the seating plan in this lesson.",
    ];

    private static readonly string[] InterventionReasons =
    [
        "The pupil was running towards the open gate onto the main road and would not stop; guided back by the arm after calling their name and blocking the route had not worked.",
        "The pupil was hitting another pupil repeatedly and would not stop when told to; held briefly to separate them after verbal de-escalation failed.",
        "The pupil was climbing onto a high window ledge in a first-floor classroom; guided down after being asked to come down several times.",
    ];
}
