using Attune.Platform.Auditing;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Attune.Bench;

/// <summary>The benchmark's command line. bench/run.sh is the documented way in; see docs/testing.md.</summary>
public static class BenchCommand
{
    private const string Usage = """
        Usage:
          Attune.Bench generate --preset school|trust --provider sqlite|postgres [--data DIR] [--connection CS]
              create the database, migrate it and fill it with the preset's generated trust
          Attune.Bench load --preset school|trust --provider sqlite|postgres --app DIR --data DIR [--connection CS]
                            [--duration 20] [--connections 32] [--results FILE]
              start the published app in DIR over the dataset, sign in and drive every scenario with wrk
          Attune.Bench report --results DIR --out docs/benchmarks.md
              write the results table and ratio history
          Attune.Bench durability --provider sqlite|postgres --app DIR --data DIR [--connection CS]
                                  [--kills 10] [--writers 4] [--seed N] [--results FILE]
              kill -9 the published app in DIR at random moments under concurrent API writers, restart it,
              and check every acknowledged write and the audit chain; exit 1 naming every problem
          Attune.Bench durability-report --results FILE --out docs/benchmarks.md
              put the long form's summary lines into the durability section
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args.Skip(1));
        try
        {
            switch (args.FirstOrDefault())
            {
                case "generate":
                    await GenerateAsync(options);
                    return 0;
                case "load":
                    return await new LoadBenchmark(options).RunAsync();
                case "durability":
                    return await new Durability(options).RunAsync();
                case "durability-report":
                    BenchmarkReport.WriteDurability(options.Require("results"), options.Require("out"));
                    return 0;
                case "report":
                    BenchmarkReport.Write(options.Require("results"), options.Require("out"));
                    return 0;
                default:
                    Console.WriteLine(Usage);
                    return args.Length == 0 || args[0] is "help" or "--help" ? 0 : 2;
            }
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }
    }

    /// <summary>The same configuration the app reads, so the generator writes exactly the schema the app expects.</summary>
    public static Dictionary<string, string?> DatabaseSettings(Options options) => options.Require("provider") switch
    {
        "sqlite" => new()
        {
            ["Attune:Database:Provider"] = "Sqlite",
            ["Attune:DataDirectory"] = Path.GetFullPath(options.Require("data")),
        },
        "postgres" => new()
        {
            ["Attune:Database:Provider"] = "Postgres",
            ["Attune:Database:ConnectionString"] = options.Require("connection"),
            ["Attune:DataDirectory"] = Path.GetFullPath(options.Require("data")),
        },
        var other => throw new ArgumentException($"Unknown provider \"{other}\": use sqlite or postgres."),
    };

    private static async Task GenerateAsync(Options options)
    {
        var preset = Preset.Parse(options.Require("preset"));
        var builder = WebApplication.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(DatabaseSettings(options));
        builder.AddAttune();
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        Console.WriteLine($"Generating the {preset.Name} preset into {options.Require("provider")}...");
        var generator = new DataGenerator(db, services.GetRequiredService<IPasswordHasher<StaffUser>>(), services.GetRequiredService<AuditTrail>(), TimeProvider.System);
        var report = await generator.GenerateAsync(preset, Console.Out);
        Console.WriteLine(report);
    }
}

/// <summary>--name value pairs.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= list.Count)
            {
                throw new ArgumentException($"Expected --name value, found \"{list[i]}\".");
            }

            options._values[list[i][2..]] = list[++i];
        }

        return options;
    }

    public string Require(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public int Get(string name, int fallback) => _values.TryGetValue(name, out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
