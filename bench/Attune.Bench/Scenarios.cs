using System.Net;
using System.Text;

namespace Attune.Bench;

/// <summary>
/// One thing a member of staff does, repeated by wrk across many records: a method, the paths (and form
/// bodies) it rotates through, who is signed in, and text the page must show when it works.
/// </summary>
public sealed record Scenario(string Name, string Description, SignedIn? Session, string Method, IReadOnlyList<string> Paths, IReadOnlyList<string>? Bodies, string? ContentType, string Expect)
{
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
                e.connect + e.read + e.write + e.timeout, e.status,
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
    }

    private static List<string> SearchBodies(IEnumerable<string> queries, SignedIn session) =>
        queries.Select(q => $"Query={WebUtility.UrlEncode(q)}&__RequestVerificationToken={WebUtility.UrlEncode(session.AntiforgeryToken)}").ToList();
}
