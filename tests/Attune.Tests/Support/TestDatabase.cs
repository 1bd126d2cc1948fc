using Attune.Platform.Data;
using Npgsql;

namespace Attune.Tests.Support;

/// <summary>
/// A throwaway database for one app instance: a SQLite file in a temporary folder, or a fresh database on
/// the PostgreSQL server that ./test.sh starts (connection string in ATTUNE_TEST_POSTGRES).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "ATTUNE_TEST_POSTGRES";

    private TestDatabase(DatabaseProvider provider, string directory, string? connectionString)
    {
        Provider = provider;
        DataDirectory = directory;
        ConnectionString = connectionString;
    }

    public DatabaseProvider Provider { get; }
    public string DataDirectory { get; }
    public string? ConnectionString { get; }

    public static bool PostgresAvailable => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));

    public static TestDatabase Create(DatabaseProvider provider)
    {
        var directory = Path.Combine(Path.GetTempPath(), "attune-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        if (provider == DatabaseProvider.Sqlite)
        {
            return new TestDatabase(provider, directory, null);
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests through ./test.sh, which starts PostgreSQL.");
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = "attune_" + Guid.NewGuid().ToString("N")[..16] };
        return new TestDatabase(provider, directory, builder.ConnectionString);
    }

    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("Attune:DataDirectory", DataDirectory);
        yield return new("Attune:Database:Provider", Provider.ToString());
        yield return new("Attune:Database:MigrateOnStart", "true");
        if (ConnectionString is not null)
        {
            yield return new("Attune:Database:ConnectionString", ConnectionString);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Postgres && ConnectionString is not null)
        {
            var target = new NpgsqlConnectionStringBuilder(ConnectionString);
            var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{target.Database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file still held open by a pooled connection; the temporary folder is cleaned by the OS.
        }
    }
}

public static class Providers
{
    /// <summary>Every provider a data test runs on: SQLite always, PostgreSQL when ./test.sh provides one.</summary>
    public static TheoryData<DatabaseProvider> All()
    {
        var data = new TheoryData<DatabaseProvider> { DatabaseProvider.Sqlite };
        if (TestDatabase.PostgresAvailable)
        {
            data.Add(DatabaseProvider.Postgres);
        }

        return data;
    }
}
