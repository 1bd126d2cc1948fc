using Attune.Platform.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Attune.Platform.Data;

/// <summary>Used only by `dotnet ef` (scripts/add-migration.sh) to build each provider's model.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataServiceCollectionExtensions.ConfigureSqlite(builder, "Data Source=:memory:");
        return new SqliteAppDbContext(builder.Options, new AuditTrail(TimeProvider.System));
    }
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DataServiceCollectionExtensions.ConfigurePostgres(builder, "Host=localhost;Database=attune_design");
        return new PostgresAppDbContext(builder.Options, new AuditTrail(TimeProvider.System));
    }
}
