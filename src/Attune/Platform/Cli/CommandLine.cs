using Attune.Features.Demo;
using Attune.Features.Schools;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Attune.Platform.Cli;

/// <summary>
/// Attune's command line, in the same executable as the web application:
/// `dotnet run --project src/Attune -- audit verify` and the rest listed in <see cref="Usage"/>.
/// </summary>
public static class CommandLine
{
    private const string Usage = """
        Usage: attune <command>
          audit verify                    check the audit trail's hash chain; exit 1 naming the first bad entry
          migrate                         apply database migrations
          seed-demo                       create the fictional demo trust (on an empty database)
          import pupils FILE --school URN [--dry-run] [--map "Header=column,..."]
                                          import pupils from a CSV export (docs/formats/pupils.md);
                                          all or nothing: exit 1 naming every bad row
          create-admin --email E --name N --trust T
                                          create the first trust administrator for a real school; prints a
                                          one-time password to change at first sign-in
        Configuration comes from the same environment variables as the web application (see README).
        """;

    private static readonly string[] Commands = ["audit", "migrate", "seed-demo", "create-admin", "import", "help", "--help"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, Action<WebApplicationBuilder>? configure = null)
    {
        output ??= Console.Out;
        if (args[0] is "help" or "--help")
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        var builder = WebApplication.CreateBuilder([]);
        builder.Logging.ClearProviders();
        configure?.Invoke(builder);
        builder.AddAttune();
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;

        switch (args)
        {
            case ["audit", "verify"]:
            {
                var result = await services.GetRequiredService<AuditVerifier>().VerifyAsync();
                await output.WriteLineAsync(result.Intact
                    ? $"{result.Message}; head {result.HeadHash}"
                    : $"audit chain BROKEN at entry {result.FirstBadSequence}: {result.Message}");
                return result.Intact ? 0 : 1;
            }

            case ["migrate"]:
                await services.GetRequiredService<AppDbContext>().Database.MigrateAsync();
                await output.WriteLineAsync("database migrated");
                return 0;

            case ["seed-demo"]:
            {
                await services.GetRequiredService<AppDbContext>().Database.MigrateAsync();
                var created = await services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
                if (!created)
                {
                    await output.WriteLineAsync("the database already holds a trust; demo data was not added");
                    return 1;
                }

                DemoSeeder.PrintSignIns(output);
                return 0;
            }

            case ["import", "pupils", var file, .. var rest]:
                return await ImportPupilsAsync(services, file, rest, output);

            case ["create-admin", ..]:
                return await CreateAdministratorAsync(services, Options(args[1..]), output);

            default:
                await output.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static async Task<int> CreateAdministratorAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options, TextWriter output)
    {
        if (!options.TryGetValue("email", out var email) || !options.TryGetValue("name", out var name) || !options.TryGetValue("trust", out var trustName))
        {
            await output.WriteLineAsync("create-admin needs --email, --name and --trust");
            return 2;
        }

        var db = services.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        var trust = await db.Trusts.FirstOrDefaultAsync(t => t.Name == trustName);
        if (trust is null)
        {
            trust = new Trust { Name = trustName };
            db.Trusts.Add(trust);
            await db.SaveChangesAsync();
        }

        var (user, password, error) = await Features.Staff.StaffAdministration.CreateAccountAsync(
            services.GetRequiredService<UserManager<StaffUser>>(), services.GetRequiredService<TimeProvider>(), trust.Id, email, name, jobTitle: null);
        if (user is null)
        {
            await output.WriteLineAsync("could not create the account: " + error);
            return 1;
        }

        db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, TrustId = trust.Id, Role = Role.TrustAdministrator });
        await db.SaveChangesAsync();
        await output.WriteLineAsync($"Trust administrator created for {email}.");
        await output.WriteLineAsync($"One-time password (shown once; sign in and set up an authenticator app): {password}");
        return 0;
    }

    private static async Task<int> ImportPupilsAsync(IServiceProvider services, string file, string[] args, TextWriter output)
    {
        var dryRun = args.Contains("--dry-run");
        var options = Options(args.Where(a => a != "--dry-run").ToArray());
        if (!options.TryGetValue("school", out var urn))
        {
            await output.WriteLineAsync("import pupils needs --school URN");
            return 2;
        }

        if (!File.Exists(file))
        {
            await output.WriteLineAsync($"no such file: {file}");
            return 2;
        }

        var db = services.GetRequiredService<AppDbContext>();
        var school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Urn == urn);
        if (school is null)
        {
            await output.WriteLineAsync($"no school with URN {urn}");
            return 2;
        }

        services.GetRequiredService<AuditTrail>().Actor = new AuditActor(null, "system (command line import)", null);
        var result = await services.GetRequiredService<Features.Pupils.Import.PupilImporter>()
            .ImportAsync(school, await File.ReadAllBytesAsync(file), options.GetValueOrDefault("map"), dryRun);
        foreach (var line in Features.Pupils.Import.ImportReport.Lines(result, school.Name))
        {
            await output.WriteLineAsync(line);
        }

        return result.Succeeded ? 0 : 1;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                options[args[i][2..]] = args[i + 1];
            }
        }

        return options;
    }
}
