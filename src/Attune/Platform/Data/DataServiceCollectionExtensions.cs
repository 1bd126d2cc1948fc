using Attune.Platform.Auditing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Attune.Platform.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddAttuneData(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Attune:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditVerifier>();

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var connectionString = SqliteConnectionString(options, DataDirectory(configuration));
                services.AddDbContext<AppDbContext, SqliteAppDbContext>(db => ConfigureSqlite(db, connectionString));
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new InvalidOperationException("Attune__Database__ConnectionString is required when Attune__Database__Provider is Postgres.");
                }

                services.AddDbContext<AppDbContext, PostgresAppDbContext>(db => ConfigurePostgres(db, options.ConnectionString));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {options.Provider}.");
        }

        return services;
    }

    /// <summary>The folder for the embedded database and uploaded files: Attune__DataDirectory, or data/ under the working folder.</summary>
    public static string DataDirectory(IConfiguration configuration)
    {
        var directory = configuration["Attune:DataDirectory"];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(directory) ? "data" : directory);
    }

    public static string SqliteConnectionString(DatabaseOptions options, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        Directory.CreateDirectory(dataDirectory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "attune.db"),
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder db, string connectionString) =>
        db.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__ef_migrations"))
            .AddInterceptors(new SqlitePragmas());

    internal static void ConfigurePostgres(DbContextOptionsBuilder db, string connectionString) =>
        db.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations"));
}
