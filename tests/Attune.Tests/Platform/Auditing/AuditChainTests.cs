using Attune.Platform.Auditing;
using Attune.Platform.Cli;
using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Platform.Auditing;

/// <summary>
/// The audit trail is tamper-evident: `attune audit verify` passes on an untouched chain and names the
/// first bad entry when a row is changed, deleted or reordered directly in the database.
/// </summary>
public sealed class AuditChainTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_untouched_chain_verifies(DatabaseProvider provider)
    {
        await using var app = await StartedAppAsync(provider);

        var (exitCode, output) = await app.RunCommandAsync("audit", "verify");

        Assert.Equal(0, exitCode);
        Assert.Contains("audit chain intact", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Changing_an_entry_is_detected_and_named(DatabaseProvider provider)
    {
        await using var app = await StartedAppAsync(provider);
        await ExecuteAsync(app, "UPDATE \"AuditEntries\" SET \"ActorName\" = 'Someone Else' WHERE \"Sequence\" = 5");

        var (exitCode, output) = await app.RunCommandAsync("audit", "verify");

        Assert.Equal(1, exitCode);
        Assert.Contains("BROKEN at entry 5", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Deleting_an_entry_is_detected_and_named(DatabaseProvider provider)
    {
        await using var app = await StartedAppAsync(provider);
        await ExecuteAsync(app, "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 7");

        var (exitCode, output) = await app.RunCommandAsync("audit", "verify");

        Assert.Equal(1, exitCode);
        Assert.Contains("BROKEN at entry 8", output, StringComparison.Ordinal);
        Assert.Contains("entry 7 is missing", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Reordering_entries_is_detected_and_named(DatabaseProvider provider)
    {
        await using var app = await StartedAppAsync(provider);
        // Swap the contents of entries 3 and 4, keeping their sequence numbers and hashes in place.
        await ExecuteAsync(app, """
            UPDATE "AuditEntries" SET "Sequence" = -3 WHERE "Sequence" = 3;
            UPDATE "AuditEntries" SET "Sequence" = 3 WHERE "Sequence" = 4;
            UPDATE "AuditEntries" SET "Sequence" = 4 WHERE "Sequence" = -3;
            """);

        var (exitCode, output) = await app.RunCommandAsync("audit", "verify");

        Assert.Equal(1, exitCode);
        Assert.Contains("BROKEN at entry 3", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Concurrent_writers_keep_one_unbroken_chain(DatabaseProvider provider)
    {
        await using var app = await StartedAppAsync(provider);
        var pupilIds = await app.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().Pupils.Select(p => p.Id).Take(40).ToListAsync());

        await Parallel.ForEachAsync(pupilIds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, ct) =>
            await app.WithScopeAsync(async services =>
            {
                var audit = services.GetRequiredService<AuditTrail>();
                audit.RecordRead("Pupil", id, id, null);
                await services.GetRequiredService<AppDbContext>().SaveChangesAsync(ct);
            }));

        var (exitCode, output) = await app.RunCommandAsync("audit", "verify");
        Assert.True(exitCode == 0, output);
        var reads = await app.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().AuditEntries.CountAsync(a => a.Action == "read"));
        Assert.Equal(40, reads);
    }

    private static async Task<AttuneApp> StartedAppAsync(DatabaseProvider provider)
    {
        var app = new AttuneApp(provider);
        _ = app.Server;
        var entries = await app.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().AuditEntries.CountAsync());
        Assert.True(entries > 10, "the demo seed should have written audit entries");
        return app;
    }

    private static Task ExecuteAsync(AttuneApp app, string sql) =>
        app.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync(sql));
}
