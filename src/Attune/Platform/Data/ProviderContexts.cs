using Attune.Platform.Auditing;
using Microsoft.EntityFrameworkCore;

namespace Attune.Platform.Data;

/// <summary>SQLite: the embedded default. Transactions begin IMMEDIATE, which already takes the write lock.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, AuditTrail auditTrail)
    : AppDbContext(options, auditTrail)
{
    protected override Task LockAuditChainAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>PostgreSQL: for production. A transaction-scoped advisory lock serialises audit chain writers.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options, AuditTrail auditTrail)
    : AppDbContext(options, auditTrail)
{
    /// <summary>An arbitrary constant naming Attune's audit chain lock.</summary>
    private const long AuditChainLockKey = 0x41_74_74_75_6E_65; // "Attune"

    protected override Task LockAuditChainAsync(CancellationToken cancellationToken) =>
        Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AuditChainLockKey})", cancellationToken);
}
