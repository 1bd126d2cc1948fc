using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Bench;

/// <summary>
/// Starts the published app over a generated dataset, measures cold start, signs in as real roles and
/// drives each <see cref="Scenario"/> with wrk, then the static-file ceiling for comparison.
/// </summary>
public sealed class LoadBenchmark(Options options)
{
    private readonly string _appFolder = Path.GetFullPath(options.Require("app"));
    private readonly int _duration = options.Get("duration", 20);
    private readonly int _connections = options.Get("connections", 32);
    private string _baseUrl = "";

    public async Task<int> RunAsync()
    {
        var provider = options.Require("provider");
        var preset = options.Require("preset");
        var targets = await LoadTargetsAsync();
        var settings = new Dictionary<string, string?>(BenchCommand.DatabaseSettings(options))
        {
            ["Attune:Demo:Seed"] = "false",
            ["Attune:Database:MigrateOnStart"] = "false",
        };
        await using var server = new AppServer(_appFolder, settings);
        _baseUrl = server.BaseUrl;
        var coldStart = await server.StartAsync();
        var results = new List<ScenarioResult>();
        var sessions = new Dictionary<string, SignedIn>();
        foreach (var email in new[] { BenchAccounts.Dsl, BenchAccounts.Keyworker, BenchAccounts.Teacher, BenchAccounts.TrustDsl })
        {
            sessions[email] = await server.SignInAsync(email);
        }

        var scenarios = Scenarios.All(targets, sessions).ToList();
        var overviewBytes = await SampleSizeAsync(scenarios.First(s => s.Name == "pupil-overview"));
        var ceilingFile = Path.Combine(_appFolder, "wwwroot", "bench-ceiling.html");
        await File.WriteAllTextAsync(ceilingFile, new string('x', overviewBytes));
        scenarios.Add(new Scenario("static-ceiling", "static file the size of the pupil overview", null, "GET", ["/bench-ceiling.html"], null, null, "xxxx"));

        // --scenarios a,b runs only those (while working on them); the report needs every one, so run.sh then leaves it alone.
        if (options.Get("scenarios") is { Length: > 0 } only)
        {
            var names = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            scenarios = [.. scenarios.Where(s => names.Contains(s.Name) || s.Name == "static-ceiling")];
        }

        foreach (var scenario in scenarios)
        {
            await CheckAsync(scenario);
            await RunWrkAsync(scenario, 3); // warm up
            var result = await RunWrkAsync(scenario, _duration);
            results.Add(result);
            Console.WriteLine($"  {result.Name,-26} {result.RequestsPerSecond,9:N0} req/s   p50 {result.P50Ms,7:F1} ms   p95 {result.P95Ms,7:F1} ms   p99 {result.P99Ms,7:F1} ms   errors {result.Errors}");
        }

        var peakMemory = server.PeakMemoryMb();
        var ceiling = results.Single(r => r.Name == "static-ceiling").RequestsPerSecond;
        var run = new BenchmarkRun(
            DateTime.UtcNow, preset, provider, _connections, _duration, coldStart.TotalMilliseconds, peakMemory, overviewBytes,
            results.Select(r => r with { CeilingRatio = ceiling > 0 ? r.RequestsPerSecond / ceiling : 0 }).ToList(),
            MachineDescription());
        Console.WriteLine($"  cold start {coldStart.TotalMilliseconds:N0} ms, peak memory {peakMemory:N0} MB");
        if (options.Get("results") is { } file)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(run, BenchmarkRun.Json));
        }

        File.Delete(ceilingFile);
        return results.Any(r => r.Errors > 0) ? 1 : 0;
    }

    /// <summary>The pupils each signed-in role will open: ones they may see, from the database itself.</summary>
    private async Task<ScenarioTargets> LoadTargetsAsync()
    {
        var builder = WebApplication.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(BenchCommand.DatabaseSettings(options));
        builder.AddAttune();
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var school = await db.Schools.AsNoTracking().SingleAsync(s => s.Urn == "980001");
        var schoolPupils = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id).OrderBy(p => p.Upn).Select(p => p.Id).Take(500).ToListAsync();
        var teacherId = await db.Users.Where(u => u.Email == BenchAccounts.Teacher).Select(u => u.Id).SingleAsync();
        var taught = await db.TeachingGroupStaff.Where(s => s.StaffUserId == teacherId)
            .SelectMany(s => db.TeachingGroupPupils.Where(p => p.TeachingGroupId == s.TeachingGroupId).Select(p => p.PupilId))
            .Distinct().ToListAsync();
        var keyworkerId = await db.Users.Where(u => u.Email == BenchAccounts.Keyworker).Select(u => u.Id).SingleAsync();
        var caseload = await db.KeyworkerAllocations.Where(a => a.StaffUserId == keyworkerId).Select(a => a.PupilId).ToListAsync();
        var surnames = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id).Select(p => p.LegalLastName).Distinct().OrderBy(n => n).Take(40).ToListAsync();
        var categories = await db.ConcernCategories.AsNoTracking().Where(c => c.SchoolId == school.Id && !c.Retired && !c.DslOnly)
            .OrderBy(c => c.SortOrder).Select(c => c.Id).ToListAsync();

        // The generator's long chronology: the pupil of the school with the most concerns.
        var longChronology = await db.ConcernPupils.Where(cp => cp.Pupil!.SchoolId == school.Id)
            .GroupBy(cp => cp.PupilId).Select(g => new { PupilId = g.Key, Concerns = g.Count() })
            .OrderByDescending(g => g.Concerns).Select(g => g.PupilId).FirstAsync();
        var events = await ChronologyEventsAsync(db, longChronology);
        if (events < SafeguardingGenerator.LongChronologyEvents)
        {
            throw new InvalidOperationException($"The longest chronology in the dataset has {events} events; the generator makes one of at least {SafeguardingGenerator.LongChronologyEvents}.");
        }

        // The generator's pupil with a year of incidents: the pupil of the school named in the most.
        var manyIncidents = await db.IncidentPupils.Where(ip => ip.Pupil!.SchoolId == school.Id)
            .GroupBy(ip => ip.PupilId).Select(g => new { PupilId = g.Key, Incidents = g.Count() })
            .OrderByDescending(g => g.Incidents).FirstAsync();
        if (manyIncidents.Incidents != IncidentGenerator.TargetIncidents)
        {
            throw new InvalidOperationException($"The pupil in the most incidents is in {manyIncidents.Incidents}; the generator makes one in exactly {IncidentGenerator.TargetIncidents}.");
        }

        var passports = db.PupilPassports.Select(p => p.PupilId);
        var taughtWithPassports = await db.Pupils.Where(p => taught.Contains(p.Id) && passports.Contains(p.Id)).Select(p => p.Id).ToListAsync();
        if (caseload.Count != DataGenerator.FullCaseload || taughtWithPassports.Count == 0)
        {
            throw new InvalidOperationException($"The bench keyworker should keywork {DataGenerator.FullCaseload} pupils (has {caseload.Count}), and the teacher teach pupils with passports ({taughtWithPassports.Count}).");
        }

        return new ScenarioTargets(schoolPupils, taught, caseload, surnames, categories, longChronology, events)
        {
            TaughtWithPassports = taughtWithPassports, Teacher = teacherId, ManyIncidentsPupil = manyIncidents.PupilId,
        };
    }

    /// <summary>
    /// How many events the pupil's chronology shows the DSL, unfiltered, counted from the tables as the chronology reads
    /// them: each concern (and its marking in error), decision, action agreed and done, referral and its updates,
    /// meeting, correction, status started and ended, and each incident naming the pupil.
    /// </summary>
    private static async Task<int> ChronologyEventsAsync(AppDbContext db, Guid pupilId)
    {
        var concerns = db.ConcernPupils.Where(cp => cp.PupilId == pupilId).Select(cp => cp.ConcernId);
        var referrals = db.Referrals.Where(r => concerns.Contains(r.ConcernId)).Select(r => r.Id);
        return await concerns.CountAsync()
            + await db.Concerns.CountAsync(c => concerns.Contains(c.Id) && c.EnteredInErrorUtc != null)
            + await db.ConcernDecisions.CountAsync(d => concerns.Contains(d.ConcernId))
            + await db.SafeguardingActions.CountAsync(a => concerns.Contains(a.ConcernId))
            + await db.SafeguardingActions.CountAsync(a => concerns.Contains(a.ConcernId) && a.DoneUtc != null)
            + await referrals.CountAsync()
            + await db.ReferralUpdates.CountAsync(u => referrals.Contains(u.ReferralId))
            + await db.SafeguardingMeetings.CountAsync(m => concerns.Contains(m.ConcernId))
            + await db.ConcernAmendments.CountAsync(a => concerns.Contains(a.ConcernId))
            + await db.SafeguardingStatuses.CountAsync(s => s.PupilId == pupilId)
            + await db.SafeguardingStatuses.CountAsync(s => s.PupilId == pupilId && s.EndedOn != null)
            + await db.IncidentPupils.CountAsync(ip => ip.PupilId == pupilId);
    }

    /// <summary>
    /// Before measuring, one request by hand: it must get the answer the scenario expects and show what it expects (or,
    /// for a redirect, lead where it expects; redirects are not followed, by this check or by wrk).
    /// </summary>
    private async Task CheckAsync(Scenario scenario)
    {
        var response = await SendAsync(scenario, scenario.Paths[0]);
        var shown = scenario.IsRedirect ? response.Headers.Location?.OriginalString ?? "" : await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != scenario.Status || !shown.Contains(scenario.Expect, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Scenario {scenario.Name}: {scenario.Method} {scenario.Paths[0]} answered {(int)response.StatusCode} without \"{scenario.Expect}\"{(scenario.IsRedirect ? " in its Location" : "")}.");
        }
    }

    private async Task<int> SampleSizeAsync(Scenario scenario) =>
        (await (await SendAsync(scenario, scenario.Paths[0])).Content.ReadAsByteArrayAsync()).Length;

    private async Task<HttpResponseMessage> SendAsync(Scenario scenario, string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_baseUrl) };
        using var request = new HttpRequestMessage(new HttpMethod(scenario.Method), path);
        if (scenario.Session is not null)
        {
            request.Headers.Add("Cookie", scenario.Session.Cookies);
        }

        if (scenario.Bodies is { Count: > 0 })
        {
            request.Content = new StringContent(scenario.Bodies[0], Encoding.UTF8, "application/x-www-form-urlencoded");
        }

        return await http.SendAsync(request);
    }

    private async Task<ScenarioResult> RunWrkAsync(Scenario scenario, int seconds)
    {
        var script = Path.Combine(Path.GetTempPath(), $"attune-bench-{scenario.Name}.lua");
        await File.WriteAllTextAsync(script, scenario.WrkScript());
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-t", "2", "-c", _connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "--timeout", "10s", "-s", script, _baseUrl })
        {
            info.ArgumentList.Add(arg);
        }

        using var wrk = Process.Start(info)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        File.Delete(script);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result for {scenario.Name}:\n{output}{await wrk.StandardError.ReadToEndAsync()}");
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // requests, duration (µs), socket errors, status errors, p50, p95, p99 (µs)
        return new ScenarioResult(scenario.Name, scenario.Description, f[0] / (f[1] / 1_000_000), f[4] / 1000, f[5] / 1000, f[6] / 1000, (long)(f[2] + f[3]), (long)f[0], 0);
    }

    public static string MachineDescription()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : "0";
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {long.Parse(memory, CultureInfo.InvariantCulture) / 1024 / 1024} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}

/// <summary>
/// What the scenarios open, found in the dataset before the server starts: the first school's pupils, the teacher's
/// pupils, the keyworker's caseload, surnames to search for, the school's concern categories, the pupil with the
/// long chronology and how many events it shows, and the pupil with a year of incidents.
/// </summary>
public sealed record ScenarioTargets(
    IReadOnlyList<Guid> SchoolPupils, IReadOnlyList<Guid> TaughtPupils, IReadOnlyList<Guid> Caseload, IReadOnlyList<string> Surnames,
    IReadOnlyList<Guid> ConcernCategories, Guid LongChronologyPupil, int LongChronologyEvents)
{
    /// <summary>Pupils the teacher teaches who have a passport: the need-to-know scenario's pages.</summary>
    public IReadOnlyList<Guid> TaughtWithPassports { get; init; } = [];

    /// <summary>The bench teacher's user id, named as staff involved in the incidents they record.</summary>
    public Guid Teacher { get; init; }

    /// <summary>The pupil in <see cref="IncidentGenerator.TargetIncidents"/> incidents over the year.</summary>
    public Guid ManyIncidentsPupil { get; init; }
}

public sealed record ScenarioResult(string Name, string Description, double RequestsPerSecond, double P50Ms, double P95Ms, double P99Ms, long Errors, long Requests, double CeilingRatio);

public sealed record BenchmarkRun(
    DateTime RunUtc, string Preset, string Provider, int Connections, int DurationSeconds, double ColdStartMs, double PeakMemoryMb, int OverviewBytes,
    IReadOnlyList<ScenarioResult> Scenarios, string Machine)
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
}
