using Attune.Features.Pupils;
using Attune.Features.Safeguarding;
using Attune.Features.Schools;
using Attune.Platform.Calendar;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Attune.Platform.Notifications;
using Attune.Platform.Web;

namespace Attune.Bench;

/// <summary>The members of a generated school's staff that its safeguarding records name.</summary>
public sealed record SchoolStaff(
    StaffUser Dsl, IReadOnlyList<(StaffUser User, KeyStages Scope)> Deputies, IReadOnlyList<StaffUser> Teachers,
    IReadOnlyList<StaffUser> Pastoral, IReadOnlyList<StaffUser> Assistants, IReadOnlyList<StaffUser> Lunchtime);

/// <summary>
/// What <see cref="SafeguardingGenerator"/> made for one school, or for the whole trust when added up.
/// <see cref="LongChronologyEvents"/> is the number of events in the school's long chronology; for a trust, the fewest of any school.
/// </summary>
public sealed record SafeguardingCounts(
    int Concerns, int OpenConcerns, int NewConcerns, int UrgentConcerns, int PupilsWithConcerns, int Decisions, int Actions, int OverdueActions,
    int Referrals, int OverdueReferrals, int Meetings, int Statuses, int LongChronologyEvents)
{
    public static readonly SafeguardingCounts None = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Adds up two schools' counts; the long chronology figure is the shorter of the two.</summary>
    public static SafeguardingCounts operator +(SafeguardingCounts a, SafeguardingCounts b) => new(
        a.Concerns + b.Concerns, a.OpenConcerns + b.OpenConcerns, a.NewConcerns + b.NewConcerns, a.UrgentConcerns + b.UrgentConcerns,
        a.PupilsWithConcerns + b.PupilsWithConcerns, a.Decisions + b.Decisions, a.Actions + b.Actions, a.OverdueActions + b.OverdueActions,
        a.Referrals + b.Referrals, a.OverdueReferrals + b.OverdueReferrals, a.Meetings + b.Meetings, a.Statuses + b.Statuses,
        a.Concerns == 0 ? b.LongChronologyEvents : b.Concerns == 0 ? a.LongChronologyEvents : Math.Min(a.LongChronologyEvents, b.LongChronologyEvents));

    public override string ToString() =>
        $"{Concerns:N0} concerns about {PupilsWithConcerns:N0} pupils ({OpenConcerns:N0} open, {NewConcerns:N0} new, {UrgentConcerns:N0} urgent), " +
        $"{Decisions:N0} decisions, {Actions:N0} actions ({OverdueActions:N0} overdue), {Referrals:N0} referrals ({OverdueReferrals:N0} awaiting an overdue response), " +
        $"{Meetings:N0} meetings, {Statuses:N0} statuses; long chronology {LongChronologyEvents:N0} events";
}

/// <summary>
/// A school's safeguarding records as its DSL team would hold them a year into using Attune: the KCSIE default
/// categories, added exactly as the app adds them the first time a school needs them; concerns about one pupil in
/// eight (one in five in a special school) over the last twelve months, reported by teachers, assistants, pastoral and
/// lunchtime staff, each triaged by the DSL or the deputy for the pupil's key stage and placed on the continuum of
/// need. How long a concern stays open follows its level (days for universal, months for child protection), so most
/// are closed with a rationale and the open ones carry actions (some overdue), referrals (some awaiting an overdue
/// response, already alerted), strategy discussions, conferences and core groups, and the statuses they lead to.
/// The last few days' concerns are new and unread, a few urgent.
///
/// One Year 11 pupil per school has been known to the DSL team since Year 7, from early help through child in need to
/// a child protection plan: their chronology holds at least <see cref="LongChronologyEvents"/> events, the
/// benchmark's long chronology (the pupil with the most concerns in the school).
///
/// Content comes from the school's own seeded <see cref="Random"/>, so it is deterministic and leaves the rest of the
/// generated trust as it was.
/// </summary>
public sealed class SafeguardingGenerator
{
    public const int LongChronologyEvents = 500;

    private static readonly TimeZoneInfo UkZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private readonly AppDbContext _db;
    private readonly School _school;
    private readonly SchoolStaff _staff;
    private readonly Random _random;
    private readonly DateTime _now;
    private readonly DateOnly _today;
    private readonly Dictionary<string, ConcernCategory> _categories;
    private readonly Dictionary<Guid, int> _years;
    private readonly Dictionary<(Guid Pupil, SafeguardingStatusKind Kind), List<(DateOnly From, DateOnly? To)>> _statusPeriods = [];
    private int _concerns, _open, _new, _urgent, _decisions, _actions, _overdueActions, _referrals, _overdueReferrals, _meetings, _statuses;

    private SafeguardingGenerator(AppDbContext db, School school, SchoolStaff staff, Random random, DateTime now)
    {
        _db = db;
        _school = school;
        _staff = staff;
        _random = random;
        _now = now;
        _today = DateOnly.FromDateTime(LocalTime.ToUk(now));
        _years = school.YearGroups.ToDictionary(y => y.Id, y => y.NationalCurriculumYear);

        // As ConcernCategories.InUseAsync adds them: the KCSIE defaults in order, none retired, none DSL only.
        _categories = ConcernCategories.Defaults
            .Select((name, i) => new ConcernCategory { SchoolId = school.Id, Name = name, SortOrder = (i + 1) * 10 })
            .ToDictionary(c => c.Name);
        db.AddRange(_categories.Values);
    }

    /// <summary>Adds the school's safeguarding records to the change tracker, for <see cref="BulkWriter"/> to write.</summary>
    public static SafeguardingCounts AddSchool(AppDbContext db, School school, IReadOnlyList<Pupil> pupils, SchoolStaff staff, Random random, DateTime now) =>
        new SafeguardingGenerator(db, school, staff, random, now).Add(pupils);

    private SafeguardingCounts Add(IReadOnlyList<Pupil> pupils)
    {
        var special = _school.Phase == SchoolPhase.Special;
        var longChronologyPupil = pupils.FirstOrDefault(p => _years[p.YearGroupId!.Value] == 11 && !p.LookedAfter && !p.PreviouslyLookedAfter) ?? pupils[^1];
        var longChronologyEvents = AddLongChronology(longChronologyPupil);

        foreach (var pupil in pupils.Where(p => p.LookedAfter || p.PreviouslyLookedAfter))
        {
            var kind = pupil.LookedAfter ? SafeguardingStatusKind.LookedAfter : SafeguardingStatusKind.PreviouslyLookedAfter;
            AddStatus(pupil, kind, SchoolDay(pupil.AdmittedOn!.Value.AddDays(-_random.Next(60, 2000))), null,
                pupil.LookedAfter ? "Placed with foster carers under a care order; virtual school informed." : "Adopted; the family shared this at admission.");
        }

        var others = pupils.Where(p => p != longChronologyPupil).ToList();
        var concerned = others.OrderBy(_ => _random.Next()).Take(others.Count * (special ? 20 : 12) / 100).ToList();
        foreach (var pupil in concerned)
        {
            var count = _random.Next(100) switch { < 50 => 1, < 75 => 2, < 88 => 3, < 95 => 4, _ => 5 + _random.Next(3) };
            var year = _years[pupil.YearGroupId!.Value];
            var earliest = year == 7 || pupil.AdmittedOn > _today.AddDays(-365) ? pupil.AdmittedOn!.Value : _today.AddDays(-365);
            for (var i = 0; i < count; i++)
            {
                var occurredOn = SchoolDay(_today.AddDays(-1 - _random.Next(Math.Max(1, _today.DayNumber - earliest.DayNumber))));
                if (occurredOn < earliest)
                {
                    occurredOn = SchoolDay(_today.AddDays(-1));
                }

                // One concern in twelve is about two pupils: a fight, an image shared, a pair missing together.
                var second = _random.Next(12) == 0 ? others[_random.Next(others.Count)] : null;
                AddOrdinaryConcern(second is null || second == pupil ? [pupil] : [pupil, second], occurredOn);
            }
        }

        return new SafeguardingCounts(
            _concerns, _open, _new, _urgent, concerned.Count + 1, _decisions, _actions, _overdueActions, _referrals, _overdueReferrals, _meetings, _statuses,
            longChronologyEvents);
    }

    /// <summary>One concern and everything the DSL team did about it, as far as it has got by today.</summary>
    private void AddOrdinaryConcern(IReadOnlyList<Pupil> about, DateOnly occurredOn)
    {
        var pupil = about[0];
        var category = Weighted(CategoryWeights);
        var serious = category is "Physical abuse" or "Sexual abuse" or "Child sexual exploitation" or "Child criminal exploitation" or "County lines"
            or "Female genital mutilation (FGM)" or "Honour-based abuse";
        var level = serious
            ? Weighted([("Early help", 35), ("Child in need", 35), ("Child protection", 30)])
            : Weighted([("Universal", 62), ("Early help", 25), ("Child in need", 9), ("Child protection", 4)]);
        var concern = NewConcern(about, occurredOn, category, Reporter());
        var age = _today.DayNumber - occurredOn.DayNumber;
        if (age <= 4 && _random.Next(100) < 75)
        {
            // Not opened by anyone in the DSL team yet.
            concern.Urgent = _random.Next(100) < 12;
            _new++;
            _urgent += concern.Urgent ? 1 : 0;
            return;
        }

        concern.Urgent = _random.Next(100) < 3;
        _urgent += concern.Urgent ? 1 : 0;
        var owner = Owner(pupil, level);
        var triaged = Triage(concern, owner, level, previous: null);

        // Some concerns move along the continuum once the DSL team knows more.
        if (level != "Universal" && _random.Next(100) < 12 && age > 10)
        {
            var higher = LevelsOfNeed.Defaults[Math.Min(LevelsOfNeed.Defaults.Count - 1, LevelsOfNeed.Defaults.ToList().IndexOf(level) + 1)];
            if (higher != level)
            {
                var changedAt = Before(triaged.AddDays(_random.Next(2, 8)));
                AddDecision(concern, owner, changedAt, DecisionKind.Triage, higher, level, Decisions[higher],
                    "New information from home and from the agencies involved: the needs are greater than first thought.");
                level = higher;
                triaged = changedAt;
            }
        }

        concern.LevelOfNeed = level;
        concern.OwnerUserId = owner.Id;
        var days = level switch
        {
            "Universal" => _random.Next(1, 10),
            "Early help" => _random.Next(20, 90),
            "Child in need" => _random.Next(40, 160),
            _ => _random.Next(60, 260),
        };
        var closesOn = SchoolDay(DateOnly.FromDateTime(triaged).AddDays(days));
        var closed = closesOn < _today;
        var until = closed ? closesOn : _today;
        var startedOn = DateOnly.FromDateTime(LocalTime.ToUk(triaged));

        var actionCount = level switch { "Universal" => _random.Next(0, 2), "Early help" => _random.Next(1, 3), "Child in need" => _random.Next(2, 4), _ => _random.Next(2, 5) };
        for (var a = 0; a < actionCount; a++)
        {
            var assignee = a == 0 || _random.Next(2) == 0 ? owner : _staff.Pastoral[_random.Next(_staff.Pastoral.Count)];
            var dueOn = SchoolDay(startedOn.AddDays(_random.Next(2, 15)));
            DateTime? done = closed || (dueOn < _today ? _random.Next(100) < 70 : _random.Next(100) < 30)
                ? Before(Utc(Earliest(dueOn.AddDays(_random.Next(-2, 4)), closed ? until.AddDays(-1) : until), SchoolTime()), triaged.AddHours(1))
                : null;
            AddAction(concern, owner, assignee, Actions[_random.Next(Actions.Length)], triaged, dueOn, done);
        }

        var referral = level switch
        {
            "Child protection" => (ReferralAgency.ChildrensSocialCare, "Riverside MASH", ReferralMethod.Phone),
            "Child in need" => (ReferralAgency.ChildrensSocialCare, "Riverside MASH", ReferralMethod.OnlineForm),
            "Early help" when _random.Next(2) == 0 => (ReferralAgency.EarlyHelp, "Riverside Early Help Hub", ReferralMethod.OnlineForm),
            _ => ((ReferralAgency, string, ReferralMethod)?)null,
        };
        if (referral is (var agency, var agencyName, var method))
        {
            var madeOn = startedOn;
            AddReferral(concern, owner, agency, agencyName, method, madeOn, closed, level);
            if (category is "Child criminal exploitation" or "County lines" && _random.Next(2) == 0)
            {
                AddReferral(concern, owner, ReferralAgency.Police, "Riverside Police Child Exploitation Team", ReferralMethod.Email, madeOn, closed, level);
            }

            AddMeetings(concern, owner, pupil, level, madeOn, until, closed);
        }

        if (closed)
        {
            var closedAt = Before(Utc(closesOn, SchoolTime()), triaged.AddHours(2));
            AddDecision(concern, owner, closedAt, DecisionKind.Closed, level, null, Outcomes[level], Rationales[level]);
            concern.Status = ConcernStatus.Closed;
            concern.ClosedUtc = closedAt;
        }
        else
        {
            _open++;
        }

        // The owner has read it; the DSL has read nearly everything in the school, a deputy's cases included.
        if (owner != _staff.Dsl && _random.Next(100) < 85)
        {
            _db.Add(new ConcernReading { ConcernId = concern.Id, UserId = _staff.Dsl.Id, ReadUtc = Before(concern.AcknowledgedUtc!.Value.AddHours(_random.Next(1, 48))) });
        }
    }

    /// <summary>
    /// A Year 11 pupil known to the DSL team since their first term: early help in Year 7 and 8, child in need in
    /// Year 9, a child protection plan since Year 10, with a concern every few weeks and the meetings each stage brings.
    /// </summary>
    private int AddLongChronology(Pupil pupil)
    {
        const int concerns = 68;
        var start = SchoolDay(pupil.AdmittedOn!.Value.AddDays(21));
        var span = _today.DayNumber - 1 - start.DayNumber;
        var childInNeedFrom = start.AddDays(span * 40 / 100);
        var protectionFrom = start.AddDays(span * 65 / 100);
        var events = 0;
        var level = "Universal";
        var nextMeeting = start.AddDays(28);
        var coreGroups = 0;
        for (var i = 0; i < concerns; i++)
        {
            var occurredOn = SchoolDay(start.AddDays(span * i / concerns + _random.Next(0, 4)));
            var previous = level;
            level = occurredOn < childInNeedFrom ? "Early help" : occurredOn < protectionFrom ? "Child in need" : "Child protection";
            var concern = NewConcern([pupil], occurredOn, LongChronologyCategories[i % LongChronologyCategories.Length], Reporter());
            var owner = _staff.Dsl;
            var triaged = Triage(concern, owner, previous, previous: null);
            events += 2;

            // The first concern of each stage moves the case along the continuum, with the reason in the chronology.
            if (level != previous)
            {
                triaged = Before(triaged.AddHours(_random.Next(2, 30)));
                AddDecision(concern, owner, triaged, DecisionKind.Triage, level, previous, Decisions[level],
                    "A pattern across the recent concerns and what the family has told us: the needs are greater than first thought.");
                concern.LevelOfNeed = level;
                events++;
            }

            // Each concern is dealt with and closed before the next; the last two are still open.
            DateOnly? closesOn = null;
            if (i < concerns - 2)
            {
                var beforeNext = SchoolDay(start.AddDays(span * (i + 1) / concerns - 1));
                closesOn = beforeNext > occurredOn ? beforeNext : occurredOn.AddDays(1);
            }

            var startedOn = DateOnly.FromDateTime(LocalTime.ToUk(triaged));
            for (var a = 0; a < 2; a++)
            {
                var dueOn = SchoolDay(startedOn.AddDays(3 + 4 * a));
                DateTime? done = closesOn is null && a == 1 ? null : Before(Utc(Earliest(dueOn, closesOn ?? _today), SchoolTime()), triaged.AddHours(1));
                AddAction(concern, owner, a == 0 ? owner : _staff.Pastoral[0], Actions[(i + a) % Actions.Length], triaged, dueOn, done);
                events += done is null ? 1 : 2;
            }

            if (i % 4 == 0)
            {
                var agency = level == "Early help" ? ReferralAgency.EarlyHelp : ReferralAgency.ChildrensSocialCare;
                var referral = AddReferral(concern, owner, agency, agency == ReferralAgency.EarlyHelp ? "Riverside Early Help Hub" : "Riverside MASH",
                    ReferralMethod.Phone, startedOn, closed: true, level);
                events += 1 + referral.Updates.Count;
            }

            // The stage's standing meetings every six weeks, each recorded against the concern open at the time.
            var until = closesOn ?? _today;
            for (; nextMeeting < until; nextMeeting = nextMeeting.AddDays(42))
            {
                if (nextMeeting < occurredOn)
                {
                    continue;
                }

                var kind = nextMeeting < childInNeedFrom ? MeetingKind.TeamAroundTheFamily
                    : nextMeeting < protectionFrom ? MeetingKind.ChildInNeedMeeting
                    : ++coreGroups % 4 == 0 ? MeetingKind.ReviewChildProtectionConference : MeetingKind.CoreGroup;
                AddMeeting(concern, owner, kind, SchoolDay(nextMeeting), nextMeeting.AddDays(42));
                events++;
            }

            if (closesOn is { } closedOn)
            {
                var closedAt = Before(Utc(closedOn, new TimeOnly(16, 10)), triaged.AddHours(2));
                AddDecision(concern, owner, closedAt, DecisionKind.Closed, level, null,
                    "Incident dealt with; the wider work continues under the pupil's plan.",
                    "This incident's actions are done; the pupil's needs are held by the plan and its meetings, so this concern need not stay open.");
                concern.Status = ConcernStatus.Closed;
                concern.ClosedUtc = closedAt;
                events++;
            }
            else
            {
                _open++;
            }
        }

        events += AddStatus(pupil, SafeguardingStatusKind.EarlyHelp, SchoolDay(start.AddDays(14)), SchoolDay(childInNeedFrom), "Early Help assessment agreed with mother.");
        events += AddStatus(pupil, SafeguardingStatusKind.OpenToSocialCare, SchoolDay(childInNeedFrom), null, "Allocated social worker, Riverside children's services.");
        events += AddStatus(pupil, SafeguardingStatusKind.ChildInNeedPlan, SchoolDay(childInNeedFrom.AddDays(14)), SchoolDay(protectionFrom), null);
        events += AddStatus(pupil, SafeguardingStatusKind.ChildProtectionPlan, SchoolDay(protectionFrom.AddDays(14)), null, "Category: neglect.");
        if (events < LongChronologyEvents)
        {
            throw new InvalidOperationException($"The long chronology has {events} events, fewer than {LongChronologyEvents}.");
        }

        return events;
    }

    private Concern NewConcern(IReadOnlyList<Pupil> about, DateOnly occurredOn, string category, StaffUser reporter)
    {
        TimeOnly? occurredAt = _random.Next(10) == 0 ? null : SchoolTime();
        var recorded = Before(Utc(occurredOn, occurredAt ?? new TimeOnly(15, 30)).AddMinutes(_random.Next(5, 150)));
        var accounts = Accounts[category];
        var concern = new Concern
        {
            SchoolId = _school.Id,
            ReportedByUserId = reporter.Id,
            ReporterName = reporter.DisplayName,
            ReporterJobTitle = reporter.JobTitle,
            RecordedUtc = recorded,
            OccurredOn = occurredOn,
            OccurredAt = occurredAt,
            Location = _random.Next(5) == 0 ? null : Locations[_random.Next(Locations.Length)],
            Account = accounts.Accounts[_random.Next(accounts.Accounts.Length)],
            ChildsWords = _random.Next(100) < 45 ? accounts.Words[_random.Next(accounts.Words.Length)] : null,
            CategoryId = _categories[category].Id,
            ActionTaken = _random.Next(100) < 60 ? ActionsTaken[_random.Next(ActionsTaken.Length)] : null,
            OthersInformed = _random.Next(100) < 40 ? OthersInformed[_random.Next(OthersInformed.Length)] : null,
            Status = ConcernStatus.New,
            Pupils = [.. about.Select(p => new ConcernPupil { PupilId = p.Id })],
        };
        _db.Add(concern);
        _concerns++;
        return concern;
    }

    /// <summary>Opened and triaged by the owner: the concern is open, acknowledged and read by them; returns when.</summary>
    private DateTime Triage(Concern concern, StaffUser owner, string level, string? previous)
    {
        var acknowledged = Before(concern.RecordedUtc.AddMinutes(_random.Next(10, 180)));
        concern.Status = ConcernStatus.Open;
        concern.AcknowledgedUtc = acknowledged;
        concern.AcknowledgedByUserId = owner.Id;
        concern.LevelOfNeed = level;
        concern.OwnerUserId = owner.Id;
        _db.Add(new ConcernReading { ConcernId = concern.Id, UserId = owner.Id, ReadUtc = acknowledged });
        var triaged = Before(acknowledged.AddMinutes(_random.Next(5, 90)));
        AddDecision(concern, owner, triaged, DecisionKind.Triage, level, previous, Decisions[level], null);
        return triaged;
    }

    private void AddDecision(Concern concern, StaffUser by, DateTime at, DecisionKind kind, string level, string? previous, string decision, string? reason)
    {
        concern.Decisions.Add(new ConcernDecision
        {
            RecordedUtc = at,
            ByUserId = by.Id,
            ByName = by.DisplayName,
            Kind = kind,
            LevelOfNeed = level,
            PreviousLevelOfNeed = previous,
            OwnerName = kind == DecisionKind.Triage ? by.DisplayName : null,
            Decision = decision,
            Reason = reason,
        });
        _decisions++;
    }

    private void AddAction(Concern concern, StaffUser by, StaffUser owner, string description, DateTime created, DateOnly dueOn, DateTime? done)
    {
        concern.Actions.Add(new SafeguardingAction
        {
            Description = description,
            OwnerUserId = owner.Id,
            OwnerName = owner.DisplayName,
            DueOn = dueOn,
            CreatedUtc = created,
            CreatedByName = by.DisplayName,
            DoneUtc = done,
            DoneByName = done is null ? null : owner.DisplayName,
        });
        _actions++;
        _overdueActions += done is null && dueOn < _today ? 1 : 0;
    }

    /// <summary>
    /// A referral made on <paramref name="madeOn"/>. Children's social care must acknowledge within a working day; most
    /// answer within a few days. A response still missing past its due date has been alerted to the owner already, as
    /// the escalation job would have, so starting the app over the dataset sends nothing.
    /// </summary>
    private Referral AddReferral(Concern concern, StaffUser owner, ReferralAgency agency, string agencyName, ReferralMethod method, DateOnly madeOn, bool closed, string level)
    {
        var referral = new Referral
        {
            Agency = agency,
            AgencyName = agencyName,
            Reference = agency == ReferralAgency.ChildrensSocialCare ? $"MASH-{madeOn.Year}-{_random.Next(10000, 99999)}" : null,
            MadeOn = madeOn,
            MadeAt = SchoolTime(),
            Method = method,
            Summary = ReferralSummaries[level],
            ResponseDueOn = agency switch
            {
                ReferralAgency.ChildrensSocialCare => WorkingDays.Add(madeOn, 1),
                ReferralAgency.EarlyHelp => WorkingDays.Add(madeOn, 10),
                _ => null,
            },
            RecordedUtc = Before(Utc(madeOn, new TimeOnly(16, 0))),
            RecordedByName = owner.DisplayName,
        };
        var answeredOn = SchoolDay(madeOn.AddDays(_random.Next(0, 4)));
        if (answeredOn < _today && (closed || _random.Next(100) < 85))
        {
            var response = agency switch
            {
                ReferralAgency.EarlyHelp => "Family agreed to an Early Help assessment; lead practitioner allocated.",
                ReferralAgency.Police => "Intelligence logged and shared with the exploitation team; officer to visit the family.",
                _ when level == "Child protection" => "Strategy discussion held; section 47 enquiries to begin. Social worker allocated.",
                _ => "Accepted for a child and family assessment; social worker allocated.",
            };
            referral.ResponseOn = answeredOn;
            referral.Response = response;
            referral.Updates.Add(new ReferralUpdate
            {
                Kind = ReferralUpdateKind.Response,
                On = answeredOn,
                Note = response,
                RecordedUtc = Before(Utc(answeredOn, new TimeOnly(16, 30))),
                ByName = owner.DisplayName,
            });
        }
        else if (referral.ResponseDueOn is { } due && due < _today)
        {
            _overdueReferrals++;
            var alerted = Before(Utc(due.AddDays(1), new TimeOnly(7, 0)));
            _db.Add(new ReferralAlert { ReferralId = referral.Id, DueOn = due, AlertedUtc = alerted });
            _db.Add(new Notification
            {
                RecipientUserId = owner.Id,
                SchoolId = _school.Id,
                Category = "Referral response overdue",
                Summary = "A response to a safeguarding referral is overdue: chase it or escalate it.",
                Link = $"/safeguarding/concerns/{concern.Id}#referrals",
                SenderName = NotificationSender.Attune.Name,
                CreatedUtc = alerted,
            });
        }

        concern.Referrals.Add(referral);
        _referrals++;
        return referral;
    }

    /// <summary>The multi-agency meetings a referral at this level leads to, and the statuses that follow them.</summary>
    private void AddMeetings(Concern concern, StaffUser owner, Pupil pupil, string level, DateOnly madeOn, DateOnly until, bool closed)
    {
        DateOnly? ended = closed ? until : null;
        switch (level)
        {
            case "Child protection":
                AddMeeting(concern, owner, MeetingKind.StrategyDiscussion, WorkingDays.Add(madeOn, 1), null);
                var conference = WorkingDays.Add(madeOn, 15);
                AddStatus(pupil, SafeguardingStatusKind.OpenToSocialCare, madeOn, ended, null);
                if (conference < until && _random.Next(100) < 70)
                {
                    AddMeeting(concern, owner, MeetingKind.InitialChildProtectionConference, conference, conference.AddDays(10));
                    AddStatus(pupil, SafeguardingStatusKind.ChildProtectionPlan, conference, ended, "Category: " + (_random.Next(2) == 0 ? "neglect." : "emotional abuse."));
                    for (var core = conference.AddDays(10); core < until; core = core.AddDays(42))
                    {
                        AddMeeting(concern, owner, MeetingKind.CoreGroup, SchoolDay(core), core.AddDays(42));
                    }
                }

                break;
            case "Child in need":
                AddStatus(pupil, SafeguardingStatusKind.OpenToSocialCare, madeOn, ended, null);
                var first = WorkingDays.Add(madeOn, 10);
                if (first < until)
                {
                    AddStatus(pupil, SafeguardingStatusKind.ChildInNeedPlan, first, ended, null);
                }

                for (var meeting = first; meeting < until && meeting < first.AddDays(4 * 42); meeting = SchoolDay(meeting.AddDays(42)))
                {
                    AddMeeting(concern, owner, MeetingKind.ChildInNeedMeeting, meeting, meeting.AddDays(42));
                }

                break;
            case "Early help" when concern.Referrals.Any(r => r.ResponseOn is not null):
                var team = WorkingDays.Add(madeOn, 12);
                AddStatus(pupil, SafeguardingStatusKind.EarlyHelp, madeOn, ended, null);
                if (team < until)
                {
                    AddMeeting(concern, owner, MeetingKind.TeamAroundTheFamily, team, team.AddDays(42));
                }

                break;
        }
    }

    private void AddMeeting(Concern concern, StaffUser owner, MeetingKind kind, DateOnly heldOn, DateOnly? nextOn)
    {
        if (heldOn >= _today)
        {
            return;
        }

        var (attendees, decisions) = MeetingNotes[kind];
        concern.Meetings.Add(new SafeguardingMeeting
        {
            Kind = kind,
            HeldOn = heldOn,
            HeldAt = new TimeOnly(10 + _random.Next(0, 5), _random.Next(2) * 30),
            Attendees = attendees,
            Decisions = decisions,
            NextMeetingOn = nextOn,
            RecordedUtc = Before(Utc(heldOn, new TimeOnly(16, 45))),
            RecordedByName = owner.DisplayName,
        });
        _meetings++;
    }

    /// <summary>
    /// A status for a period, unless the pupil already holds that status then (the app allows one current period of
    /// each); returns the events it adds to the chronology (its start, and its end when it has one).
    /// </summary>
    private int AddStatus(Pupil pupil, SafeguardingStatusKind kind, DateOnly startedOn, DateOnly? endedOn, string? note)
    {
        if (startedOn >= _today)
        {
            return 0;
        }

        var periods = _statusPeriods.TryGetValue((pupil.Id, kind), out var list) ? list : _statusPeriods[(pupil.Id, kind)] = [];
        if (periods.Any(p => startedOn <= (p.To ?? DateOnly.MaxValue) && p.From <= (endedOn ?? DateOnly.MaxValue)))
        {
            return 0;
        }

        periods.Add((startedOn, endedOn));
        _db.Add(new PupilSafeguardingStatus
        {
            PupilId = pupil.Id,
            Kind = kind,
            StartedOn = startedOn,
            EndedOn = endedOn,
            Note = note,
            RecordedUtc = Before(Utc(startedOn, new TimeOnly(16, 0))),
            RecordedByName = _staff.Dsl.DisplayName,
            EndedByName = endedOn is null ? null : _staff.Dsl.DisplayName,
        });
        _statuses++;
        return endedOn is null ? 1 : 2;
    }

    /// <summary>The DSL owns child in need and child protection work; the deputy for the pupil's key stage the rest.</summary>
    private StaffUser Owner(Pupil pupil, string level)
    {
        if (level is "Child in need" or "Child protection")
        {
            return _staff.Dsl;
        }

        var stage = YearGroup.KeyStageOf(_years[pupil.YearGroupId!.Value]);
        return _staff.Deputies.Where(d => d.Scope.HasFlag(stage)).Select(d => d.User).FirstOrDefault() ?? _staff.Dsl;
    }

    private StaffUser Reporter() => _random.Next(100) switch
    {
        < 60 => _staff.Teachers[_random.Next(_staff.Teachers.Count)],
        < 78 => _staff.Assistants[_random.Next(_staff.Assistants.Count)],
        < 92 => _staff.Pastoral[_random.Next(_staff.Pastoral.Count)],
        _ => _staff.Lunchtime[_random.Next(_staff.Lunchtime.Count)],
    };

    private string Weighted(IReadOnlyList<(string Item, int Weight)> items)
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

    private TimeOnly SchoolTime() => new TimeOnly(8, 30).AddMinutes(_random.Next(7 * 60));

    /// <summary>A weekend day moves back to the Friday.</summary>
    private static DateOnly SchoolDay(DateOnly day) => day.DayOfWeek switch
    {
        DayOfWeek.Saturday => day.AddDays(-1),
        DayOfWeek.Sunday => day.AddDays(-2),
        _ => day,
    };

    private static DateOnly Earliest(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>UK school time to the UTC instant the app stores.</summary>
    private static DateTime Utc(DateOnly day, TimeOnly time) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(time), UkZone);

    /// <summary>Never in the future, and never before <paramref name="notBefore"/>.</summary>
    private DateTime Before(DateTime utc, DateTime? notBefore = null)
    {
        var latest = _now.AddMinutes(-1);
        var value = utc > latest ? latest : utc;
        return notBefore is { } floor && value < floor ? (floor > latest ? latest : floor) : value;
    }

    /// <summary>Roughly how a secondary school's concerns fall across the KCSIE categories.</summary>
    private static readonly (string, int)[] CategoryWeights =
    [
        ("Mental health", 17), ("Self-harm or suicidal thoughts", 10), ("Child-on-child abuse", 10), ("Online safety", 9), ("Neglect", 8),
        ("Domestic abuse", 8), ("Emotional abuse", 7), ("Attendance", 7), ("Physical abuse", 5), ("Substance misuse", 4), ("Other", 3),
        ("Child criminal exploitation", 2), ("Child sexual exploitation", 2), ("Sexual abuse", 2), ("Young carer", 2), ("County lines", 1),
        ("Children missing education", 1), ("Radicalisation", 1), ("Private fostering", 1), ("Honour-based abuse", 1),
    ];

    private static readonly string[] LongChronologyCategories =
        ["Neglect", "Attendance", "Domestic abuse", "Emotional abuse", "Neglect", "Mental health", "Self-harm or suicidal thoughts", "Young carer", "Child criminal exploitation"];

    private static readonly Dictionary<string, (string[] Accounts, string[] Words)> Accounts = new()
    {
        ["Physical abuse"] = (
            ["Noticed a bruise the size of a thumbprint on their upper arm while they were changing for PE. When asked, they said they fell off their bike.",
             "Came in with a mark on their cheek and kept their hood up in lessons. Said someone at home 'lost it' last night."],
            ["Dad grabbed me because I was late back.", "It's fine, it doesn't even hurt any more."]),
        ["Emotional abuse"] = (
            ["Very withdrawn all week. Said they are always being told at home that they are stupid and that nobody wants them there.",
             "Became very upset when told we would phone home about homework. Begged me not to and said they would 'get it' if we did."],
            ["She says she wishes I'd never been born.", "Please don't ring them, please."]),
        ["Sexual abuse"] = (
            ["During a PSHE lesson on consent they stayed behind and said an adult who visits the house makes them keep secrets.",
             "Made a comment in a group about an older relative touching them that was not appropriate for their age."],
            ["He says it's our secret and Mum would be cross.", "I'm not supposed to say."]),
        ["Neglect"] = (
            ["Has come in without a coat in cold weather for a week and asked for extra food at breakfast club. Uniform not washed.",
             "Fell asleep in period 2 again. Said there was no electricity at home last night so they could not charge anything or cook."],
            ["There wasn't any tea so I went to bed.", "Mum's not been well so I do my own food."]),
        ["Child-on-child abuse"] = (
            ["Two pupils were filming another pupil being pushed to the ground by the bike sheds and shared it in a group chat.",
             "Was cornered in the toilets by a group of older pupils who took their phone and said they would 'get them' after school."],
            ["They do it every day and nobody does anything.", "If I tell they'll put it everywhere."]),
        ["Online safety"] = (
            ["Said a new online friend they met on a game has asked for photos and told them to keep their chats secret.",
             "Parent called to say an image of the pupil is being shared on social media; the pupil is distressed and did not want to come in."],
            ["He's 15 and he's really nice to me.", "Everyone's seen it now."]),
        ["Self-harm or suicidal thoughts"] = (
            ["Saw fresh cuts on their forearm when a sleeve rode up in science. They pulled it down quickly and left the room.",
             "Wrote in an English piece that they 'would not be around much longer' and that nobody would notice. Spoke to them after the lesson."],
            ["It's nothing, don't tell anyone.", "Sometimes I just want everything to stop."]),
        ["Mental health"] = (
            ["Had a panic attack before a mock exam, could not catch their breath and said this has been happening most mornings.",
             "Tearful in tutor time for the third day running, not eating at lunch and says they cannot sleep."],
            ["My head won't stop.", "I can't do it, I just can't."]),
        ["Child sexual exploitation"] = (
            ["Seen getting into a car with an older man outside the school gates. Has new clothes and a new phone they will not explain.",
             "Friends say they have been going to parties with adults at weekends and coming back the next day."],
            ["He's my boyfriend, he looks after me.", "You don't understand, he's different."]),
        ["Child criminal exploitation"] = (
            ["Has a second phone that keeps ringing in lessons and has been missing from afternoon registration several times.",
             "Came in with a large amount of cash and new trainers and was seen handing a package to an older youth at the gate."],
            ["I owe them, I have to go.", "It's just a bit of money for running errands."]),
        ["County lines"] = (
            ["Was reported missing for two nights; police found them in another town. Said they were 'staying with a mate'.",
             "Overheard talking about 'going up the line' at the weekend and has been tired and absent on Mondays."],
            ["If I don't go they'll hurt my brother.", "It's easy money, miss."]),
        ["Domestic abuse"] = (
            ["Said police came to the house again last night after shouting and things being thrown. Did not sleep and is very anxious.",
             "Told their form tutor that mum's boyfriend hurt mum at the weekend and they had to look after their little sister."],
            ["I heard everything through the wall.", "I have to keep my sister in my room when he's like that."]),
        ["Female genital mutilation (FGM)"] = (
            ["Said they are going abroad in the summer for a 'special ceremony' to become a woman and seemed worried about it.",
             "Has been asking to go to the toilet very often and is uncomfortable sitting since returning from a long holiday abroad."],
            ["My aunties say it's a celebration for me.", "I'm not allowed to talk about it."]),
        ["Honour-based abuse"] = (
            ["Very anxious that family will find out about a friendship with a classmate. Said they would be sent abroad if they found out.",
             "Said their brothers follow them to and from school and check their phone every night."],
            ["They'll say I've shamed the family.", "I'm not allowed to have friends like that."]),
        ["Radicalisation"] = (
            ["Shared extremist material in a group chat and made comments in class supporting violence against a particular group.",
             "Has become withdrawn from friends and talks about an online group that says people like them are 'under attack'."],
            ["They're the only ones who tell the truth.", "You'll see what happens."]),
        ["Children missing education"] = (
            ["Has not attended for ten school days; phone numbers are not answered and a home visit found the house empty.",
             "Parent says the family is moving away but has given no new address or school."],
            ["We might be going to my nan's, I don't know where."]),
        ["Young carer"] = (
            ["Late most days and homework not done. Said they look after mum, who has MS, and get their siblings ready for school.",
             "Left school at lunchtime without permission because they were worried about their dad, who has been unwell."],
            ["I have to do everything at home.", "There's no one else to do it."]),
        ["Private fostering"] = (
            ["Said they have been living with a family friend for the last two months while their parents are abroad.",
             "New emergency contact is an adult the school has not met, who says the pupil is 'staying for a while'."],
            ["Mum said I'm staying here till she's back."]),
        ["Substance misuse"] = (
            ["Smelt strongly of cannabis after lunch and was unsteady in period 5. Said they 'only had a bit' with friends.",
             "Found with vape and a small bag of pills in their blazer pocket. Said they were holding them for someone else."],
            ["Everyone does it, it helps me sleep.", "They're not mine, I'm just holding them."]),
        ["Attendance"] = (
            ["Attendance has fallen to 78% this term with a pattern of Monday and Friday absences; parent not answering calls.",
             "Arrived after 11:00 three times this week with no explanation and seemed reluctant to go home at the end of the day."],
            ["I just couldn't get up.", "I didn't want to leave mum on her own."]),
        ["Other"] = (
            ["Has been hanging around school until the site closes and says there is no one at home until late.",
             "A parent raised a worry about an adult approaching pupils on the walk home near the park."],
            ["It's boring at home."]),
    };

    private static readonly string[] Locations =
        ["Classroom", "Corridor", "Playground", "Canteen", "Form room", "School gate", "Changing rooms", "Library", "On the school bus", "Online, reported in school"];

    private static readonly string[] ActionsTaken =
    [
        "Listened, reassured them and explained I would have to pass it on to the safeguarding team.",
        "Took them to the pastoral office and stayed with them until the head of year arrived.",
        "Gave them a quiet space at break and checked in again at lunch.",
        "Took the phone and made sure the video was not shared further.",
    ];

    private static readonly string[] OthersInformed = ["Head of year", "Form tutor", "Pastoral lead", "School nurse", "SENCo"];

    private static readonly Dictionary<string, string> Decisions = new()
    {
        ["Universal"] = "Monitor in school: form tutor and head of year informed, pupil knows who to go to. Review in two weeks.",
        ["Early help"] = "Offer Early Help: speak to parents about an Early Help assessment and a team around the family.",
        ["Child in need"] = "Refer to children's social care for a child and family assessment (child in need).",
        ["Child protection"] = "Risk of significant harm: immediate referral to children's social care (MASH). Parents not informed, on social care's advice.",
    };

    private static readonly Dictionary<string, string> Outcomes = new()
    {
        ["Universal"] = "Monitored in school; no further concerns.",
        ["Early help"] = "Early Help plan completed; family engaged with the support offered.",
        ["Child in need"] = "Child in need plan closed by social care; stepped down to Early Help in school.",
        ["Child protection"] = "Child protection plan ended at review conference; the family continues with child in need support.",
    };

    private static readonly Dictionary<string, string> Rationales = new()
    {
        ["Universal"] = "No further worries from staff over the review period; pupil says things are better and knows who to talk to.",
        ["Early help"] = "The plan's outcomes are met and the family no longer needs the team around the family.",
        ["Child in need"] = "Social care has closed the case; school support continues under the pastoral plan.",
        ["Child protection"] = "The conference agreed the risk of significant harm has reduced; school actions are complete.",
    };

    private static readonly Dictionary<string, string> ReferralSummaries = new()
    {
        ["Early help"] = "Shared the concerns and the family's consent; asked for an Early Help assessment and a lead practitioner.",
        ["Child in need"] = "Shared the pattern of concerns, attendance and what the pupil said; asked for a child and family assessment.",
        ["Child protection"] = "Shared the disclosure and the injuries seen; asked for a strategy discussion. Advised not to inform parents yet.",
    };

    private static readonly string[] Actions =
    [
        "Speak to the pupil with their keyworker and agree a trusted adult in school.",
        "Phone the parent or carer to share the concern and agree next steps.",
        "Daily check-in with the pupil for two weeks.",
        "Refer to the school counsellor.",
        "Complete the Early Help assessment with the family.",
        "Share the concern with the school nurse.",
        "Update the pupil's safety plan and share it with their teachers.",
        "Form tutor to monitor attendance and punctuality and report weekly.",
        "Follow up with the social worker on the outcome of the assessment.",
        "Arrange a meeting with the parents and the head of year.",
    ];

    private static readonly Dictionary<MeetingKind, (string Attendees, string Decisions)> MeetingNotes = new()
    {
        [MeetingKind.StrategyDiscussion] = (
            "DSL (school); social work team manager (children's social care); DS, child abuse investigation team (police); named nurse (health).",
            "Threshold met for section 47 enquiries. Joint visit today; school to share attendance and previous concerns by end of day."),
        [MeetingKind.InitialChildProtectionConference] = (
            "Independent chair; social worker; DSL (school); school nurse; police; mother; GP report received.",
            "Child protection plan agreed. Core group to meet within 10 working days; school to monitor attendance and presentation daily."),
        [MeetingKind.ReviewChildProtectionConference] = (
            "Independent chair; social worker; DSL (school); school nurse; mother; father (by phone).",
            "Plan continues: progress on home conditions but attendance still below 90%. Review again in six months."),
        [MeetingKind.CoreGroup] = (
            "Social worker; DSL (school); school nurse; family support worker; mother.",
            "Actions reviewed: attendance improving, food and clothing now in place. Next core group in six weeks."),
        [MeetingKind.ChildInNeedMeeting] = (
            "Social worker; DSL (school); family support worker; parent.",
            "Child in need plan reviewed; school to continue pastoral support and share attendance fortnightly."),
        [MeetingKind.TeamAroundTheFamily] = (
            "Early Help practitioner; deputy DSL (school); parent; school nurse.",
            "Early Help plan agreed: parenting support, after-school club place, school to check in weekly."),
        [MeetingKind.Other] = ("DSL (school); social worker.", "Information shared; no change to the plan."),
    };
}
