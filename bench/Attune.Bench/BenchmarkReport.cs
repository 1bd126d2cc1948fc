using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Attune.Bench;

/// <summary>
/// Writes docs/benchmarks.md from the newest run of each preset and provider: the targets first, then the
/// table, then every miss named, and a short history of ceiling ratios that survives rewrites.
/// </summary>
public static class BenchmarkReport
{
    private const string HistoryStart = "<!-- history:start -->";
    private const string HistoryEnd = "<!-- history:end -->";
    private const int HistoryRows = 30;
    private const string DurabilityStart = "<!-- durability:start -->";
    private const string DurabilityEnd = "<!-- durability:end -->";

    public static void Write(string resultsFolder, string outFile)
    {
        var runs = Directory.GetFiles(resultsFolder, "*.json")
            .Select(f => JsonSerializer.Deserialize<BenchmarkRun>(File.ReadAllText(f))!)
            .GroupBy(r => (r.Preset, r.Provider))
            .Select(g => g.OrderByDescending(r => r.RunUtc).First())
            .OrderBy(r => r.Preset == "trust" ? 0 : 1).ThenBy(r => r.Provider, StringComparer.Ordinal)
            .ToList();
        if (runs.Count == 0)
        {
            throw new ArgumentException($"No results in {resultsFolder}.");
        }

        var history = ReadHistory(outFile);
        foreach (var run in runs)
        {
            var row = HistoryRow(run);
            if (!history.Contains(row))
            {
                history.Add(row);
            }
        }

        var text = new StringBuilder();
        text.AppendLine("# Benchmarks");
        text.AppendLine();
        text.AppendLine("Written by `bench/run.sh` (see docs/testing.md); do not edit by hand. Figures from this shared 2-core machine are noisy:");
        text.AppendLine("compare each scenario's **ratio to the static-file ceiling** measured in the same run, not raw requests per second.");
        text.AppendLine();
        text.AppendLine("## Targets");
        text.AppendLine();
        text.AppendLine("On the `trust` dataset (20 schools, about 30,000 pupils), at 32 connections:");
        text.AppendLine();
        text.AppendLine("- pupil overview and pupil search: p95 ≤ 50 ms");
        text.AppendLine("- every page scenario: p95 ≤ 150 ms");
        text.AppendLine("- pupil overview throughput ≥ 0.25 of the static ceiling");
        text.AppendLine("- server peak memory ≤ 500 MB; cold start to first ready response ≤ 3 s");
        text.AppendLine();
        foreach (var run in runs)
        {
            text.AppendLine($"## {Describe(run.Provider)}, `{run.Preset}` dataset");
            text.AppendLine();
            text.AppendLine($"Run {run.RunUtc:yyyy-MM-dd HH:mm} UTC on {run.Machine}. {run.Connections} connections, {run.DurationSeconds} s per scenario after a 3 s warm-up; wrk from Debian.");
            text.AppendLine();
            text.AppendLine("| Scenario | What | req/s | p50 ms | p95 ms | p99 ms | errors | ratio to ceiling |");
            text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
            foreach (var s in run.Scenarios)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {s.Name} | {s.Description} | {s.RequestsPerSecond:F0} | {s.P50Ms:F1} | {s.P95Ms:F1} | {s.P99Ms:F1} | {s.Errors} | {s.CeilingRatio:F3} |");
            }

            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Cold start to first ready response: {run.ColdStartMs:F0} ms. Server peak memory (VmHWM): {run.PeakMemoryMb:F0} MB. Pupil overview page: {run.OverviewBytes:N0} bytes.");
            text.AppendLine();
            var misses = Misses(run).ToList();
            text.AppendLine(run.Preset != "trust"
                ? "Targets apply to the `trust` dataset; this run is for comparison only."
                : misses.Count == 0 ? "**All targets met.**" : "**Targets missed:**");
            foreach (var miss in run.Preset == "trust" ? misses : [])
            {
                text.AppendLine($"- {miss}");
            }

            text.AppendLine();
        }

        if (File.Exists(Path.Combine(resultsFolder, "generation.txt")))
        {
            text.AppendLine("## Data generation");
            text.AppendLine();
            foreach (var line in File.ReadAllLines(Path.Combine(resultsFolder, "generation.txt")).Where(l => l.Length > 0))
            {
                text.AppendLine($"- {line}");
            }

            text.AppendLine();
        }

        text.AppendLine("## Durability under kill -9 (long form)");
        text.AppendLine();
        text.AppendLine("Written by `bench/durability.sh` (see docs/testing.md); the short form (10 kills per provider) runs in every `./test.sh`.");
        text.AppendLine();
        text.AppendLine(DurabilityStart);
        foreach (var line in ReadSection(outFile, DurabilityStart, DurabilityEnd))
        {
            text.AppendLine(line);
        }

        text.AppendLine(DurabilityEnd);
        text.AppendLine();
        text.AppendLine("## History of ratios to the static ceiling");
        text.AppendLine();
        text.AppendLine("| Date (UTC) | Dataset | Provider | overview ratio | overview p95 ms | search p95 ms | peak MB |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|");
        text.AppendLine(HistoryStart);
        foreach (var row in history.TakeLast(HistoryRows))
        {
            text.AppendLine(row);
        }

        text.AppendLine(HistoryEnd);
        File.WriteAllText(outFile, text.ToString());
    }

    private static IEnumerable<string> Misses(BenchmarkRun run)
    {
        foreach (var s in run.Scenarios.Where(s => s.Name != "static-ceiling"))
        {
            var limit = s.Name is "pupil-overview" or "pupil-search" ? 50 : 150;
            if (s.P95Ms > limit)
            {
                yield return FormattableString.Invariant($"{s.Name}: p95 {s.P95Ms:F1} ms, target ≤ {limit} ms");
            }

            if (s.Errors > 0)
            {
                yield return $"{s.Name}: {s.Errors} errors";
            }
        }

        var overview = run.Scenarios.FirstOrDefault(s => s.Name == "pupil-overview");
        if (overview is { CeilingRatio: < 0.25 })
        {
            yield return FormattableString.Invariant($"pupil-overview: ratio to ceiling {overview.CeilingRatio:F3}, target ≥ 0.25");
        }

        if (run.PeakMemoryMb > 500)
        {
            yield return FormattableString.Invariant($"peak memory {run.PeakMemoryMb:F0} MB, target ≤ 500 MB");
        }

        if (run.ColdStartMs > 3000)
        {
            yield return FormattableString.Invariant($"cold start {run.ColdStartMs:F0} ms, target ≤ 3,000 ms");
        }
    }

    private static string HistoryRow(BenchmarkRun run)
    {
        var overview = run.Scenarios.FirstOrDefault(s => s.Name == "pupil-overview");
        var search = run.Scenarios.FirstOrDefault(s => s.Name == "pupil-search");
        return FormattableString.Invariant(
            $"| {run.RunUtc:yyyy-MM-dd HH:mm} | {run.Preset} | {run.Provider} | {overview?.CeilingRatio:F3} | {overview?.P95Ms:F1} | {search?.P95Ms:F1} | {run.PeakMemoryMb:F0} |");
    }

    private static List<string> ReadHistory(string outFile) => ReadSection(outFile, HistoryStart, HistoryEnd).Where(l => l.StartsWith('|')).ToList();

    /// <summary>Puts the long-form durability results into docs/benchmarks.md, leaving the load figures as they are.</summary>
    public static void WriteDurability(string summaryFile, string outFile)
    {
        var lines = File.ReadAllLines(summaryFile).Where(l => l.Length > 0).ToList();
        if (!File.Exists(outFile) || Array.IndexOf(File.ReadAllLines(outFile), DurabilityStart) < 0)
        {
            throw new ArgumentException($"{outFile} has no durability section: run bench/run.sh once to write it.");
        }

        var existing = File.ReadAllLines(outFile);
        var start = Array.IndexOf(existing, DurabilityStart);
        var end = Array.IndexOf(existing, DurabilityEnd);
        File.WriteAllLines(outFile, [.. existing[..(start + 1)], .. lines, .. existing[end..]]);
    }

    private static List<string> ReadSection(string outFile, string startMarker, string endMarker)
    {
        if (!File.Exists(outFile))
        {
            return [];
        }

        var lines = File.ReadAllLines(outFile);
        var start = Array.IndexOf(lines, startMarker);
        var end = Array.IndexOf(lines, endMarker);
        return start >= 0 && end > start ? [.. lines[(start + 1)..end]] : [];
    }

    private static string Describe(string provider) => provider == "postgres" ? "PostgreSQL" : "SQLite";
}
