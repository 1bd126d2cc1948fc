namespace Attune.Platform.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Bound from the "Attune:Database" section (environment: Attune__Database__*).</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Empty for SQLite means the embedded database file under the data directory.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start. Defaults to on for SQLite and off for PostgreSQL.</summary>
    public bool? MigrateOnStart { get; set; }

    public bool ShouldMigrateOnStart => MigrateOnStart ?? Provider == DatabaseProvider.Sqlite;

    /// <summary>The embedded default: SQLite with no connection string given. Only this mode seeds demo data by itself.</summary>
    public bool IsEmbeddedDefault => Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString);
}
