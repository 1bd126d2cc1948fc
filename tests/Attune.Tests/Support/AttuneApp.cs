using Attune.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attune.Tests.Support;

/// <summary>
/// One Attune app over its own database, with the demo trust seeded and a hand-moved clock.
/// Dispose it to drop the database.
/// </summary>
public sealed class AttuneApp : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <summary>
    /// Hundreds of apps start in one test run. Watching files for changes would hold inotify instances (128 per user
    /// on Debian) longer than a test lasts, and the run would fail for want of them: tests never edit the app's
    /// files, so configuration is not reloaded and static files are polled instead of watched.
    /// </summary>
    static AttuneApp()
    {
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }

    /// <param name="settings">Configuration for this app alone, such as <c>Attune:Email:SmtpHost</c>.</param>
    public AttuneApp(DatabaseProvider provider, bool seedDemo = true, IReadOnlyDictionary<string, string>? settings = null)
    {
        _database = TestDatabase.Create(provider);
        SeedDemo = seedDemo;
        _settings = settings ?? new Dictionary<string, string>();
    }

    public DatabaseProvider Provider => _database.Provider;
    public TestDatabase Database => _database;
    public TestClock Clock { get; } = new();
    public bool SeedDemo { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _database.Settings())
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("hostBuilder:reloadConfigOnChange", "false");
        builder.UseSetting("Attune:Demo:Seed", SeedDemo ? "true" : "false");
        builder.UseSetting("Attune:RateLimits:SignInAttemptsPerMinute", "100000");
        builder.UseSetting("Attune:Email:SendInBackground", "false");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task WithScopeAsync(Func<IServiceProvider, Task> action) =>
        WithScopeAsync<bool>(async services =>
        {
            await action(services);
            return true;
        });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>One shared app per provider for tests that only read the demo trust.</summary>
public sealed class SharedApps : IAsyncDisposable
{
    private readonly Dictionary<DatabaseProvider, AttuneApp> _apps = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<AttuneApp> For(DatabaseProvider provider)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_apps.TryGetValue(provider, out var app))
            {
                app = new AttuneApp(provider);
                _ = app.Server; // start it, which migrates and seeds
                _apps[provider] = app;
            }

            return app;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            await app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DemoTrustCollection : ICollectionFixture<SharedApps>
{
    public const string Name = "Demo trust";
}
