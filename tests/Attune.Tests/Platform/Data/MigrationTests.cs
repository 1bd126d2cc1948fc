using Attune.Platform.Data;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Platform.Data;

public sealed class MigrationTests
{
    /// <summary>A model change without a migration for every provider (scripts/add-migration.sh) fails here.</summary>
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Each_providers_migrations_match_the_model(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider, seedDemo: false);

        var pending = await app.WithScopeAsync(s => Task.FromResult(s.GetRequiredService<AppDbContext>().Database.HasPendingModelChanges()));

        Assert.False(pending, "the model has changes with no migration: run scripts/add-migration.sh");
    }
}
