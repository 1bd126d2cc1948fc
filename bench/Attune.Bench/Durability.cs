using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Attune.Features.Pupils;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Attune.Bench;

/// <summary>
/// Kill -9 durability: the published server runs as a child process while concurrent writers send pupil
/// imports through the API; at a random moment it is killed with SIGKILL and started again over the same
/// data. Every write that was answered 200 must then be there, exactly as sent (or as a later write sent
/// after it, whose answer was lost in the crash), and `audit verify` must pass. Writes in flight at the
/// kill may or may not be saved, but if saved they must be whole. Writers also report safeguarding concerns about
/// their pupils, and a teacher records incidents about them (conflicts naming two, some with a physical intervention);
/// every concern and incident answered 201 must be readable by the DSL afterwards with exactly what was sent.
/// </summary>
public sealed class Durability(Options options)
{
    private const string Writer = "admin@kingsmead.example";
    private const string Reader = "dsl@kingsmead.example";
    private const string Recorder = "teacher@kingsmead.example";
    private const string SchoolUrn = "999701";

    private readonly string _provider = options.Require("provider");
    private readonly int _kills = options.Get("kills", 10);
    private readonly int _writers = options.Get("writers", 4);
    private readonly Random _random = new(options.Get("seed", 20261124));
    private readonly List<string> _failures = [];
    private readonly List<Tracked> _pupils = [];
    private readonly Lock _gate = new();
    private List<Tracked>[] _owned = [];
    private int _serial;
    private long _acknowledged;
    private long _acknowledgedCreates;
    private long _acknowledgedUpdates;
    private long _inFlight;
    private long _inFlightSaved;
    private long _conflicts;
    private readonly List<TrackedConcern> _concerns = [];
    private long _inFlightConcerns;
    private int _concernSerial;
    private Guid _categoryId;
    private readonly List<TrackedIncident> _incidents = [];
    private long _inFlightIncidents;
    private int _incidentSerial;
    private Guid _recorderId;

    public async Task<int> RunAsync()
    {
        var settings = PrepareDatabase();
        var watch = Stopwatch.StartNew();
        var restarts = new List<double>();
        int auditChecks = 0, auditPassed = 0;
        await using var server = new AppServer(Path.GetFullPath(options.Require("app")), settings);
        try
        {
            await server.StartAsync();
            (var schoolId, _recorderId) = await DemoIdsAsync(settings);
            using var writer = ApiClient(server, await server.CreateApiTokenAsync(Writer));
            using var reader = ApiClient(server, await server.CreateApiTokenAsync(Reader));
            using var recorder = ApiClient(server, await server.CreateApiTokenAsync(Recorder));
            var importPath = $"/api/v1/schools/{schoolId}/pupil-imports";
            var categories = await writer.GetFromJsonAsync<JsonElement>("/api/v1/concern-categories");
            _categoryId = categories.EnumerateArray().First(c => c.GetProperty("schoolId").GetGuid() == schoolId && c.GetProperty("name").GetString() == "Other")
                .GetProperty("id").GetGuid();
            _owned = [.. Enumerable.Range(0, _writers).Select(_ => new List<Tracked>())];

            for (var cycle = 1; cycle <= _kills; cycle++)
            {
                using var stop = new CancellationTokenSource();
                var touched = new HashSet<Tracked>();
                var concernsBefore = _concerns.Count;
                var incidentsBefore = _incidents.Count;
                var writers = Enumerable.Range(0, _writers)
                    .Select(w => WriteUntilTheServerDiesAsync(writer, recorder, importPath, _owned[w], new Random(_random.Next()), touched, stop.Token))
                    .ToList();
                await Task.Delay(_random.Next(300, 2500));
                await server.KillAsync();
                stop.CancelAfter(TimeSpan.FromSeconds(30));
                await Task.WhenAll(writers);

                restarts.Add((await server.StartAsync()).TotalMilliseconds);
                await VerifyAsync(reader, touched, $"after kill {cycle}");
                await VerifyConcernsAsync(reader, _concerns.Skip(concernsBefore).ToList(), $"after kill {cycle}");
                await VerifyIncidentsAsync(reader, _incidents.Skip(incidentsBefore).ToList(), $"after kill {cycle}");
                var audit = await server.RunCommandAsync("audit", "verify");
                auditChecks++;
                if (audit.ExitCode == 0)
                {
                    auditPassed++;
                }
                else
                {
                    _failures.Add($"after kill {cycle}: audit verify failed: {audit.Output}");
                }

                Console.WriteLine(FormattableString.Invariant(
                    $"  kill {cycle}/{_kills}: {_acknowledged} imports, {_concerns.Count} concerns and {_incidents.Count} incidents acknowledged so far, {_inFlight + _inFlightConcerns + _inFlightIncidents} writes in flight at a kill, restart {restarts[^1]:F0} ms{(_failures.Count > 0 ? $", {_failures.Count} FAILURES" : "")}"));
            }

            await VerifyAsync(reader, [.. _pupils], "at the end");
            await VerifyConcernsAsync(reader, [.. _concerns], "at the end");
            await VerifyIncidentsAsync(reader, [.. _incidents], "at the end");
        }
        finally
        {
            await server.KillAsync();
            await DropDatabaseAsync(settings);
        }

        if (_acknowledged < _kills)
        {
            _failures.Add($"only {_acknowledged} writes were acknowledged in {_kills} cycles: the test did not exercise the server");
        }

        restarts.Sort();
        var summary = string.Concat(
            FormattableString.Invariant($"{Describe(_provider)}: {_kills} kills with {_writers} concurrent writers in {watch.Elapsed.TotalSeconds:F0} s; {_acknowledged:N0} imports acknowledged "),
            FormattableString.Invariant($"({_acknowledgedCreates:N0} pupils created, {_acknowledgedUpdates:N0} updated) and every one found intact after restart; "),
            FormattableString.Invariant($"{_inFlight:N0} imports in flight at a kill ({_inFlightSaved:N0} pupils found saved whole, the rest absent); {_conflicts} conflicts; "),
            FormattableString.Invariant($"{_concerns.Count:N0} concerns acknowledged and every one intact ({_inFlightConcerns:N0} in flight at a kill); "),
            FormattableString.Invariant($"{_incidents.Count:N0} incidents acknowledged ({_incidents.Count(i => i.InterventionPupilId is not null):N0} with a physical intervention) "),
            FormattableString.Invariant($"and every one intact ({_inFlightIncidents:N0} in flight at a kill); "),
            FormattableString.Invariant($"audit verify passed {auditPassed}/{auditChecks}; restart to ready p50 {Percentile(restarts, 0.5):F0} ms, max {restarts.LastOrDefault():F0} ms."));
        if (_failures.Count > 0)
        {
            Console.WriteLine($"DURABILITY FAILED ({Describe(_provider)}), {_failures.Count} problems:");
            foreach (var failure in _failures.Take(50))
            {
                Console.WriteLine("  " + failure);
            }

            return 1;
        }

        Console.WriteLine("DURABILITY PASSED " + summary);
        if (options.Get("results") is { } results)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(results))!);
            await File.AppendAllTextAsync(results, FormattableString.Invariant($"- {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {summary}\n"));
        }

        return 0;
    }

    /// <summary>One writer: imports, concerns and incidents until its connection fails because the server was killed.</summary>
    private async Task WriteUntilTheServerDiesAsync(
        HttpClient api, HttpClient recorder, string path, List<Tracked> mine, Random random, HashSet<Tracked> touched, CancellationToken cancellation)
    {
        mine.RemoveAll(p => p.Acknowledged is null);
        while (!cancellation.IsCancellationRequested)
        {
            var roll = random.Next(100);
            if (mine.Count > 0 && roll < 20)
            {
                if (!await ReportConcernAsync(api, mine[random.Next(mine.Count)], random, cancellation))
                {
                    return;
                }

                continue;
            }

            if (mine.Count > 0 && roll < 40)
            {
                if (!await RecordIncidentAsync(recorder, mine, random, cancellation))
                {
                    return;
                }

                continue;
            }

            var batch = new List<(Tracked Pupil, PupilState State)>();
            if (mine.Count > 0 && random.Next(100) < 40)
            {
                foreach (var pupil in mine.OrderBy(_ => random.Next()).Take(random.Next(1, 3)))
                {
                    var now = pupil.Current!;
                    batch.Add((pupil, now with { Preferred = $"Pref{random.Next(1_000_000)}" }));
                }
            }
            else
            {
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    var pupil = NewPupil(random);
                    mine.Add(pupil);
                    batch.Add((pupil, pupil.Current!));
                }
            }

            lock (_gate)
            {
                foreach (var (pupil, _) in batch)
                {
                    touched.Add(pupil);
                }
            }

            HttpResponseMessage response;
            try
            {
                response = await api.PostAsync(path, new StringContent(Csv(batch.Select(b => b.State)), Encoding.UTF8, "text/csv"), cancellation);
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
            {
                InFlight(batch);
                return;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    Interlocked.Increment(ref _conflicts);
                    continue;
                }

                string body;
                try
                {
                    body = await response.Content.ReadAsStringAsync(cancellation);
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
                {
                    InFlight(batch);
                    return;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    lock (_gate)
                    {
                        _failures.Add($"an import was answered {(int)response.StatusCode} while the server was up: {Shorten(body)}");
                    }

                    InFlight(batch);
                    return;
                }

                var outcome = JsonSerializer.Deserialize<JsonElement>(body).GetProperty("pupils").EnumerateArray()
                    .ToDictionary(p => p.GetProperty("upn").GetString()!, p => (Id: p.GetProperty("id").GetGuid(), Version: p.GetProperty("version").GetInt32()));
                foreach (var (pupil, state) in batch)
                {
                    var (id, version) = outcome[pupil.Upn];
                    if (pupil.Id is null)
                    {
                        Interlocked.Increment(ref _acknowledgedCreates);
                    }
                    else
                    {
                        Interlocked.Increment(ref _acknowledgedUpdates);
                    }

                    pupil.Acknowledge(id, version, state);
                }

                Interlocked.Increment(ref _acknowledged);
            }
        }

        void InFlight(List<(Tracked Pupil, PupilState State)> batch)
        {
            Interlocked.Increment(ref _inFlight);
            foreach (var (pupil, state) in batch)
            {
                pupil.Uncertain.Add(state);
            }
        }
    }

    /// <summary>Reports a concern about one of the writer's pupils. False when the server did not answer (it was killed).</summary>
    private async Task<bool> ReportConcernAsync(HttpClient api, Tracked pupil, Random random, CancellationToken cancellation)
    {
        if (pupil.Id is not { } pupilId)
        {
            return true;
        }

        var account = FormattableString.Invariant($"Durability concern {Interlocked.Increment(ref _concernSerial)}: {random.Next():x8}");
        try
        {
            using var response = await api.PostAsJsonAsync("/api/v1/concerns", new
            {
                pupilIds = new[] { pupilId },
                occurredOn = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                account,
                categoryId = _categoryId,
                immediateDanger = random.Next(10) == 0,
            }, cancellation);
            var body = await response.Content.ReadAsStringAsync(cancellation);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                lock (_gate)
                {
                    _failures.Add($"a concern was answered {(int)response.StatusCode} while the server was up: {Shorten(body)}");
                }

                return false;
            }

            var id = JsonSerializer.Deserialize<JsonElement>(body).GetProperty("id").GetGuid();
            lock (_gate)
            {
                _concerns.Add(new TrackedConcern(id, pupilId, account));
            }

            return true;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
        {
            Interlocked.Increment(ref _inFlightConcerns);
            return false;
        }
    }

    /// <summary>Every acknowledged concern must be there for the DSL, about the same pupil, with the same account.</summary>
    private async Task VerifyConcernsAsync(HttpClient reader, List<TrackedConcern> concerns, string when)
    {
        foreach (var concern in concerns)
        {
            using var response = await reader.GetAsync($"/api/v1/concerns/{concern.Id}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                _failures.Add($"{when}: concern {concern.Id} was acknowledged but answered {(int)response.StatusCode}");
                continue;
            }

            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (json.GetProperty("account").GetString() != concern.Account
                || !json.GetProperty("pupilIds").EnumerateArray().Select(p => p.GetGuid()).SequenceEqual([concern.PupilId]))
            {
                _failures.Add($"{when}: concern {concern.Id} does not hold what was sent ({concern.Account})");
            }
        }
    }

    /// <summary>
    /// Records an incident about one of the writer's pupils, as the teacher: a conflict with a second of their pupils one
    /// time in three, and a physical intervention one dysregulation in four. False when the server did not answer (it was killed).
    /// </summary>
    private async Task<bool> RecordIncidentAsync(HttpClient api, List<Tracked> mine, Random random, CancellationToken cancellation)
    {
        var saved = mine.Where(p => p.Id is not null).ToList();
        if (saved.Count == 0)
        {
            return true;
        }

        var pupil = saved[random.Next(saved.Count)].Id!.Value;
        var other = saved[random.Next(saved.Count)].Id!.Value;
        var conflict = other != pupil && random.Next(3) == 0;
        var dysregulation = !conflict && random.Next(2) == 0;
        var intervention = dysregulation && random.Next(4) == 0;
        var parts = new List<(Guid PupilId, string Role)> { (pupil, "involved") };
        if (conflict)
        {
            parts.Add((other, random.Next(2) == 0 ? "involved" : "affected"));
        }

        var behaviour = FormattableString.Invariant($"Durability incident {Interlocked.Increment(ref _incidentSerial)}: {random.Next():x8}");
        var yesterday = DateOnly.FromDateTime(LocalTime.ToUk(DateTime.UtcNow)).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        try
        {
            using var response = await api.PostAsJsonAsync("/api/v1/incidents", new
            {
                pupils = parts.Select(p => new { pupilId = p.PupilId, role = p.Role, stage = dysregulation ? "Escalating" : null }),
                staffIds = new[] { _recorderId },
                occurredOn = yesterday,
                occurredAt = "10:15:00",
                durationMinutes = 10,
                type = conflict ? "Conflict between pupils" : dysregulation ? "Dysregulation" : "Disruption",
                severity = intervention ? "High" : "Low",
                location = "Classroom",
                period = "Lesson 2",
                behaviour,
                parentsInformed = false,
                intervention = intervention
                    ? new
                    {
                        pupilId = pupil, technique = "Guide (hand on arm or back)", staffIds = new[] { _recorderId }, startedAt = "10:17:00", endedAt = "10:19:00",
                        reason = "Running towards the open gate; guided back after calling their name had not worked.", parentsInformedSameDay = true,
                    }
                    : null,
            }, cancellation);
            var body = await response.Content.ReadAsStringAsync(cancellation);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                lock (_gate)
                {
                    _failures.Add($"an incident was answered {(int)response.StatusCode} while the server was up: {Shorten(body)}");
                }

                return false;
            }

            var id = JsonSerializer.Deserialize<JsonElement>(body).GetProperty("id").GetGuid();
            lock (_gate)
            {
                _incidents.Add(new TrackedIncident(id, parts, behaviour, intervention ? pupil : null));
            }

            return true;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
        {
            Interlocked.Increment(ref _inFlightIncidents);
            return false;
        }
    }

    /// <summary>Every acknowledged incident must be there for the DSL, with the same pupils in the same parts, the same behaviour and its physical intervention.</summary>
    private async Task VerifyIncidentsAsync(HttpClient reader, List<TrackedIncident> incidents, string when)
    {
        foreach (var incident in incidents)
        {
            using var response = await reader.GetAsync($"/api/v1/incidents/{incident.Id}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                _failures.Add($"{when}: incident {incident.Id} was acknowledged but answered {(int)response.StatusCode}");
                continue;
            }

            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            var parts = json.GetProperty("pupils").EnumerateArray().Select(p => (p.GetProperty("pupilId").GetGuid(), p.GetProperty("role").GetString()!)).ToHashSet();
            var intervention = json.GetProperty("intervention");
            var interventionPupil = intervention.ValueKind == JsonValueKind.Null ? (Guid?)null : intervention.GetProperty("pupilId").GetGuid();
            if (json.GetProperty("behaviour").GetString() != incident.Behaviour || !parts.SetEquals(incident.Pupils) || interventionPupil != incident.InterventionPupilId)
            {
                _failures.Add($"{when}: incident {incident.Id} does not hold what was sent ({incident.Behaviour})");
            }
        }
    }

    /// <summary>After a restart: each touched pupil must hold its acknowledged state, or one sent after it.</summary>
    private async Task VerifyAsync(HttpClient reader, IEnumerable<Tracked> pupils, string when)
    {
        var savedInFlight = new HashSet<Tracked>();
        foreach (var pupil in pupils)
        {
            var id = pupil.Id ?? await FindByUpnAsync(reader, pupil.Upn);
            if (id is null)
            {
                if (pupil.Acknowledged is not null)
                {
                    _failures.Add($"{when}: pupil {pupil.Upn} was acknowledged but is missing");
                }

                pupil.Forget();
                continue;
            }

            using var response = await reader.GetAsync($"/api/v1/pupils/{id}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                _failures.Add($"{when}: pupil {pupil.Upn} ({id}) answered {(int)response.StatusCode}{(pupil.Acknowledged is null ? "" : " although its import was acknowledged")}");
                continue;
            }

            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            var stored = new PupilState(
                json.GetProperty("upn").GetString()!, json.GetProperty("legalFirstName").GetString()!, json.GetProperty("legalLastName").GetString()!,
                json.GetProperty("preferredFirstName").GetString() ?? "", DateOnly.Parse(json.GetProperty("dateOfBirth").GetString()!, CultureInfo.InvariantCulture));
            var version = json.GetProperty("version").GetInt32();
            var allowed = pupil.Uncertain.Prepend(pupil.Acknowledged).Where(s => s is not null).ToList();
            if (!allowed.Contains(stored))
            {
                _failures.Add($"{when}: pupil {pupil.Upn} holds {stored}, which is neither its acknowledged state {pupil.Acknowledged} nor a write in flight after it");
            }
            else if (version < pupil.AcknowledgedVersion)
            {
                _failures.Add($"{when}: pupil {pupil.Upn} is at version {version}, older than the acknowledged version {pupil.AcknowledgedVersion}");
            }

            if (pupil.Uncertain.Count > 0 && !Equals(stored, pupil.Acknowledged))
            {
                savedInFlight.Add(pupil);
            }

            pupil.Acknowledge(id.Value, version, stored);
        }

        _inFlightSaved += savedInFlight.Count;
    }

    private static async Task<Guid?> FindByUpnAsync(HttpClient reader, string upn)
    {
        var found = await (await reader.PostAsJsonAsync("/api/v1/pupils/search", new { query = upn })).Content.ReadFromJsonAsync<JsonElement>();
        return found.EnumerateArray().Where(p => p.GetProperty("upn").GetString() == upn).Select(p => (Guid?)p.GetProperty("id").GetGuid()).FirstOrDefault();
    }

    private Tracked NewPupil(Random random)
    {
        var serial = Interlocked.Increment(ref _serial);
        // LA 990 is not a real authority, so these never meet the demo's pupils.
        var upn = Upn.Create(990, serial / 1000, 2025, serial % 1000);
        var state = new PupilState(upn, Names[random.Next(Names.Length)], $"Durable{serial}", "", new DateOnly(2012, 9, 1).AddDays(random.Next(365)));
        var pupil = new Tracked(upn) { Current = state };
        lock (_gate)
        {
            _pupils.Add(pupil);
        }

        return pupil;
    }

    private static readonly string[] Names = ["Amara", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hassan", "Isla", "Jack"];

    private static string Csv(IEnumerable<PupilState> rows) =>
        "upn,legal_first_name,legal_last_name,preferred_first_name,date_of_birth,year_group\n"
        + string.Join("\n", rows.Select(r => $"{r.Upn},{r.First},{r.Last},{r.Preferred},{r.DateOfBirth:yyyy-MM-dd},Year 9"));

    private static HttpClient ApiClient(AppServer server, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A new, empty database each run; the app migrates it and seeds the demo trust on first start.</summary>
    private Dictionary<string, string?> PrepareDatabase()
    {
        var data = Path.GetFullPath(options.Require("data"));
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        Directory.CreateDirectory(data);
        var settings = new Dictionary<string, string?>
        {
            ["Attune:DataDirectory"] = data,
            ["Attune:Database:MigrateOnStart"] = "true",
            ["Attune:Demo:Seed"] = "true",
        };
        switch (_provider)
        {
            case "sqlite":
                settings["Attune:Database:Provider"] = "Sqlite";
                break;
            case "postgres":
                var connection = new NpgsqlConnectionStringBuilder(options.Require("connection")) { Database = "attune_durability_" + Guid.NewGuid().ToString("N")[..12] };
                settings["Attune:Database:Provider"] = "Postgres";
                settings["Attune:Database:ConnectionString"] = connection.ConnectionString;
                break;
            default:
                throw new ArgumentException($"Unknown provider \"{_provider}\": use sqlite or postgres.");
        }

        return settings;
    }

    /// <summary>The demo secondary school, and the teacher who records incidents there (named as staff involved).</summary>
    private static async Task<(Guid SchoolId, Guid RecorderId)> DemoIdsAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddAttune();
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.Schools.Where(s => s.Urn == SchoolUrn).Select(s => s.Id).SingleAsync(),
            await db.Users.Where(u => u.Email == Recorder).Select(u => u.Id).SingleAsync());
    }

    private static async Task DropDatabaseAsync(Dictionary<string, string?> settings)
    {
        if (settings.GetValueOrDefault("Attune:Database:ConnectionString") is not { } connectionString)
        {
            return;
        }

        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{target.Database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];

    private static string Describe(string provider) => provider == "postgres" ? "PostgreSQL" : "SQLite";

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private sealed record PupilState(string Upn, string First, string Last, string Preferred, DateOnly DateOfBirth)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{First} {Last} (preferred \"{Preferred}\", born {DateOfBirth:yyyy-MM-dd})");
    }

    private sealed record TrackedConcern(Guid Id, Guid PupilId, string Account);

    private sealed record TrackedIncident(Guid Id, IReadOnlyCollection<(Guid PupilId, string Role)> Pupils, string Behaviour, Guid? InterventionPupilId);

    /// <summary>One pupil a writer created: what the server last acknowledged, and writes whose answer was lost.</summary>
    private sealed class Tracked(string upn)
    {
        public string Upn { get; } = upn;
        public Guid? Id { get; private set; }
        public PupilState? Acknowledged { get; private set; }
        public int AcknowledgedVersion { get; private set; }

        /// <summary>The state the writer builds its next change on.</summary>
        public PupilState? Current { get; set; }

        public List<PupilState> Uncertain { get; } = [];

        public void Acknowledge(Guid id, int version, PupilState state)
        {
            Id = id;
            AcknowledgedVersion = version;
            Acknowledged = Current = state;
            Uncertain.Clear();
        }

        public void Forget() => Uncertain.Clear();
    }
}
