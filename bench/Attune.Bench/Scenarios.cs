using System.Globalization;
using System.Net;
using System.Text;
using Attune.Platform.Web;

namespace Attune.Bench;

/// <summary>
/// One thing a member of staff does, repeated by wrk across many records: a method, the paths (and form
/// bodies) it rotates through, who is signed in, the answer it must get (<see cref="Status"/>), and text the page
/// must show when it works, or for a redirect, text the address it leads to must contain.
/// </summary>
public sealed record Scenario(
    string Name, string Description, SignedIn? Session, string Method, IReadOnlyList<string> Paths, IReadOnlyList<string>? Bodies, string? ContentType,
    string Expect, int Status = 200)
{
    public bool IsRedirect => Status is >= 300 and < 400;

    /// <summary>
    /// The wrk script. A signed-in scenario counts every answer other than the one it expects as an error (wrk alone counts
    /// only 4xx and 5xx), so a lost session redirected to sign-in, or a form refused, is never measured as a fast success;
    /// a redirect must also lead where the scenario expects. wrk then hands each answer to the script, which costs a
    /// little, so the static ceiling does without.
    /// </summary>
    public string WrkScript()
    {
        var script = new StringBuilder();
        script.AppendLine($"wrk.method = {Lua(Method)}");
        if (Session is not null)
        {
            script.AppendLine($"wrk.headers[\"Cookie\"] = {Lua(Session.Cookies)}");
        }

        if (ContentType is not null)
        {
            script.AppendLine($"wrk.headers[\"Content-Type\"] = {Lua(ContentType)}");
        }

        script.AppendLine($"local paths = {{ {string.Join(", ", Paths.Select(Lua))} }}");
        script.AppendLine(Bodies is { Count: > 0 } ? $"local bodies = {{ {string.Join(", ", Bodies.Select(Lua))} }}" : "local bodies = nil");
        if (Session is not null)
        {
            script.AppendLine($"local expected_status = {Status}");
            script.AppendLine(IsRedirect ? $"local expected_location = {Lua(Expect)}" : "local expected_location = nil");
            script.AppendLine("""
                unexpected = 0
                local threads = {}
                setup = function(thread)
                  table.insert(threads, thread)
                end
                response = function(status, headers, body)
                  if status ~= expected_status
                    or (expected_location and not string.find(headers["Location"] or "", expected_location, 1, true)) then
                    unexpected = unexpected + 1
                  end
                end
                function unexpected_answers(e)
                  local count = 0
                  for _, thread in ipairs(threads) do
                    count = count + thread:get("unexpected")
                  end
                  return count
                end
                """);
        }
        else
        {
            script.AppendLine("function unexpected_answers(e) return e.status end");
        }

        script.AppendLine("""
            local i = math.random(1000)
            request = function()
              i = i + 1
              local path = paths[(i % #paths) + 1]
              if bodies then
                return wrk.format(nil, path, nil, bodies[(i % #bodies) + 1])
              end
              return wrk.format(nil, path)
            end
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
                e.connect + e.read + e.write + e.timeout, unexpected_answers(e),
                latency:percentile(50), latency:percentile(95), latency:percentile(99)))
            end
            """);
        return script.ToString();
    }

    private static string Lua(string value) => $"[==[{value}]==]";
}

/// <summary>
/// The named scenarios. Each feature adds its own here (see docs/testing.md): its list page, its record
/// page for the role that reads it most, and its commonest write.
/// </summary>
public static class Scenarios
{
    public static IEnumerable<Scenario> All(ScenarioTargets targets, IReadOnlyDictionary<string, SignedIn> sessions)
    {
        var dsl = sessions[BenchAccounts.Dsl];
        var trustDsl = sessions[BenchAccounts.TrustDsl];
        var searches = targets.Surnames.Select(s => s[..Math.Min(4, s.Length)]).Distinct().ToList();

        yield return new Scenario("pupil-search", "DSL searches one school's pupils by name", dsl, "POST", ["/pupils"],
            SearchBodies(searches, dsl), "application/x-www-form-urlencoded", "found");
        yield return new Scenario("pupil-search-trust", "trust DSL searches every school's pupils by name", trustDsl, "POST", ["/pupils"],
            SearchBodies(searches, trustDsl), "application/x-www-form-urlencoded", "found");
        yield return new Scenario("pupil-overview", "DSL opens pupils' overviews (an audited read)", dsl, "GET",
            targets.SchoolPupils.Select(id => $"/pupils/{id}").ToList(), null, null, "Parents, carers and contacts");
        yield return new Scenario("pupil-overview-teacher", "teacher opens overviews of pupils they teach", sessions[BenchAccounts.Teacher], "GET",
            targets.TaughtPupils.Select(id => $"/pupils/{id}").ToList(), null, null, "Parents, carers and contacts");
        yield return new Scenario("pupil-overview-keyworker", "keyworker opens their caseload's overviews", sessions[BenchAccounts.Keyworker], "GET",
            targets.Caseload.Select(id => $"/pupils/{id}").ToList(), null, null, "Parents, carers and contacts");
        yield return new Scenario("pupil-audit-log", "DSL reads who viewed a pupil's records", dsl, "GET",
            targets.SchoolPupils.Take(100).Select(id => $"/audit/pupils/{id}").ToList(), null, null, "Who viewed or changed this pupil");
        yield return new Scenario("notifications", "keyworker opens their notifications", sessions[BenchAccounts.Keyworker], "GET",
            ["/notifications"], null, null, "Notifications");
        var keyworker = sessions[BenchAccounts.Keyworker];
        yield return new Scenario("my-caseload", $"keyworker opens my caseload and my week ({DataGenerator.FullCaseload} pupils)", keyworker, "GET",
            ["/keywork"], null, null, $"{DataGenerator.FullCaseload} pupils");
        yield return new Scenario("passport", "keyworker opens their caseload's passports (an audited read)", keyworker, "GET",
            targets.Caseload.Select(id => $"/pupils/{id}/passport").ToList(), null, null, "Review due");
        yield return new Scenario("passport-need-to-know", "teacher opens need-to-know passports of pupils they teach (an audited read)", sessions[BenchAccounts.Teacher], "GET",
            targets.TaughtWithPassports.Select(id => $"/pupils/{id}/passport/need-to-know").ToList(), null, null, "Confidential: for staff who teach or support");
        yield return new Scenario("dsl-queue", "DSL opens the triage queue of new and open concerns", dsl, "GET",
            ["/safeguarding"], null, null, "Urgent concerns not yet opened come first");
        yield return new Scenario("dsl-dashboard", "DSL opens the safeguarding dashboard (a year of figures)", dsl, "GET",
            ["/safeguarding/dashboard"], null, null, "Concerns recorded by category and month");
        yield return new Scenario("dsl-dashboard-trust", "trust DSL opens the dashboard across every school", trustDsl, "GET",
            ["/safeguarding/dashboard"], null, null, "Concerns recorded by category and month");
        yield return new Scenario("chronology-500", $"DSL opens the chronology of a pupil with {targets.LongChronologyEvents} events (an audited read)", dsl, "GET",
            [$"/safeguarding/pupils/{targets.LongChronologyPupil}/chronology"], null, null, $"{targets.LongChronologyEvents} events, oldest first");
        yield return new Scenario("incident-trends-pupil-300", $"DSL opens a year of trends and incidents for a pupil in {IncidentGenerator.TargetIncidents} (an audited read)", dsl, "GET",
            [$"/pupils/{targets.ManyIncidentsPupil}/incidents?weeks=52"], null, null, "Each week, by type");
        yield return new Scenario("incident-trends-school", "DSL opens a year of incident trends for the whole school", dsl, "GET",
            ["/incidents/trends?weeks=52"], null, null, "Each week, by type");

        // Last: every answer is a new concern in the queue and notifications for the DSL team, or a new incident.
        var teacher = sessions[BenchAccounts.Teacher];
        yield return new Scenario("concern-submit", "teacher reports a concern about a pupil they teach", teacher, "POST", ["/concerns/new"],
            ConcernBodies(targets, teacher), "application/x-www-form-urlencoded", "/received", Status: 302);
        yield return new Scenario("incident-record", "teacher records an incident about pupils they teach (no physical intervention)", teacher, "POST", ["/incidents/new"],
            IncidentBodies(targets, teacher), "application/x-www-form-urlencoded", "/incidents/", Status: 302);
    }

    /// <summary>
    /// Reports as a teacher would send them from the form: about pupils they teach, in the school's own categories, a day
    /// or two after it happened, none of them a child in immediate danger (which would alert the whole DSL team at once).
    /// </summary>
    private static List<string> ConcernBodies(ScenarioTargets targets, SignedIn session)
    {
        var yesterday = DateOnly.FromDateTime(LocalTime.ToUk(DateTime.UtcNow)).AddDays(-1);
        return Enumerable.Range(0, 40).Select(i => Form(
            ("pupil", targets.TaughtPupils[i * 7 % targets.TaughtPupils.Count].ToString()),
            ("ImmediateDanger", "no"),
            ("OccurredOn", yesterday.AddDays(-(i % 3)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("OccurredAt", i % 4 == 0 ? "" : $"{9 + i % 6:00}:{i * 7 % 60:00}"),
            ("Location", ReportLocations[i % ReportLocations.Length]),
            ("CategoryId", targets.ConcernCategories[i % targets.ConcernCategories.Count].ToString()),
            ("Account", ReportAccounts[i % ReportAccounts.Length]),
            ("ChildsWords", i % 3 == 0 ? "I don't want to go home tonight." : ""),
            ("ActionTaken", "Listened and told them I would pass it on to the safeguarding team."),
            ("OthersInformed", i % 2 == 0 ? "Head of year" : ""),
            ("__RequestVerificationToken", session.AntiforgeryToken))).ToList();
    }

    private static readonly string[] ReportLocations = ["Classroom", "Corridor", "Canteen", "Form room", "School gate"];

    /// <summary>
    /// Incidents as a teacher records them on the form: about pupils they teach, in the school's default lists, the day
    /// before or so; a conflict names a second pupil, involved too, and verbal aggression the pupil it was aimed at;
    /// one in six is positive recognition. None uses physical intervention (which alerts the pastoral leads).
    /// </summary>
    private static List<string> IncidentBodies(ScenarioTargets targets, SignedIn session)
    {
        var yesterday = DateOnly.FromDateTime(LocalTime.ToUk(DateTime.UtcNow)).AddDays(-1);
        var pupils = targets.TaughtPupils;
        return Enumerable.Range(0, 40).Select(i =>
        {
            var (type, severity, behaviour) = IncidentKinds[i % IncidentKinds.Length];
            var (period, at, location) = IncidentTimes[i % IncidentTimes.Length];
            var pupil = pupils[i * 7 % pupils.Count];
            var other = pupils[(i * 7 + 3) % pupils.Count];
            var fields = new List<(string Name, string Value)> { ("pupil", pupil.ToString()), ($"Roles[{pupil}]", "Involved") };
            if (type is "Conflict between pupils" or "Verbal aggression" && other != pupil)
            {
                fields.Add(("pupil", other.ToString()));
                fields.Add(($"Roles[{other}]", type == "Verbal aggression" ? "Affected" : "Involved"));
            }

            fields.AddRange(
            [
                ($"Stages[{pupil}]", type == "Dysregulation" ? "Escalating" : ""),
                ("OccurredOn", yesterday.AddDays(-(i % 3)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("OccurredAt", at),
                ("DurationMinutes", i % 3 == 0 ? "" : $"{5 + i % 20}"),
                ("Location", location),
                ("Period", period),
                ("Lesson", period.StartsWith("Lesson", StringComparison.Ordinal) ? "English" : ""),
                ("Type", type),
                ("Severity", severity),
                ("Antecedent", i % 2 == 0 && severity.Length > 0 ? "A cover teacher and a change to the seating plan." : ""),
                ("Behaviour", behaviour),
                ("Consequence", severity.Length > 0 ? "Given space, then talked it through with me; back to work within ten minutes." : ""),
                ("Triggers", ""),
                ("OtherStrategies", type == "Dysregulation" ? "Offered a movement break and fewer words; the break helped." : ""),
                ("Injuries", ""),
                ("Damage", ""),
                ("StaffIds", targets.Teacher.ToString()),
                ("Force", "no"),
                ("ParentsInformed", i % 4 == 0 ? "yes" : "no"),
                ("ParentsInformedWho", i % 4 == 0 ? "Mum" : ""),
                ("ParentsInformedHow", i % 4 == 0 ? "Phone" : ""),
                ("ParentsInformedOn", i % 4 == 0 ? yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : ""),
                ("ParentsInformedAt", ""),
                ("FollowUp", i % 5 == 0 && severity.Length > 0 ? "Restorative conversation with both pupils." : ""),
                ("__RequestVerificationToken", session.AntiforgeryToken),
            ]);
            return Form([.. fields]);
        }).ToList();
    }

    private static readonly (string Type, string Severity, string Behaviour)[] IncidentKinds =
    [
        ("Disruption", "Low", "Talking over me and making noises through the starter; moved seats and carried on distracting others."),
        ("Conflict between pupils", "Medium", "An argument about a seat turned into pushing and shouting; I separated them and sent for the head of year."),
        ("Refusal", "Low", "Refused to start the task or take their coat off, and said the lesson was pointless."),
        ("Dysregulation", "Medium", "Became very distressed when the seating plan changed: shouting and pacing, unable to settle for twenty minutes."),
        ("Verbal aggression", "Medium", "Swore at another pupil across the room and told them to watch themselves after the lesson."),
        ("Positive recognition", "", "Helped a pupil who was stuck without being asked, and explained it really well."),
    ];

    private static readonly (string Period, string At, string Location)[] IncidentTimes =
    [
        ("Lesson 2", "10:05", "Classroom"), ("Lesson 5", "14:20", "Classroom"), ("Moving between lessons", "11:10", "Corridor"), ("Lunch", "13:25", "Dining hall"),
        ("Lesson 3", "11:40", "Classroom"),
    ];

    private static readonly string[] ReportAccounts =
    [
        "Tearful at the start of the lesson and said things at home have been \"really bad\" since the weekend. Did not want to say more.",
        "Noticed a bruise on their wrist when they rolled up their sleeves in science. Said they did not know how it happened.",
        "Has asked for food from other pupils at lunch three days this week and says there is nothing in at home.",
        "Overheard them telling a friend that an older boy they met online wants them to send pictures.",
    ];

    private static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => $"{WebUtility.UrlEncode(f.Name)}={WebUtility.UrlEncode(f.Value)}"));

    private static List<string> SearchBodies(IEnumerable<string> queries, SignedIn session) =>
        queries.Select(q => $"Query={WebUtility.UrlEncode(q)}&__RequestVerificationToken={WebUtility.UrlEncode(session.AntiforgeryToken)}").ToList();
}
