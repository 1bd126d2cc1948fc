using Attune.Platform.Data;

namespace Attune.Features.Safeguarding;

/// <summary>
/// The safeguarding work that runs on its own every few minutes while the web server is up: alerting overdue
/// referral responses, child protection files whose receipt is unconfirmed, missed check-ins with pupils under
/// close supervision and pupils with a run of dysregulation incidents, the
/// morning digest of unread staff briefings, and clearing away uploads whose report was never sent. One round failing is logged
/// (by kind, never content) and the next round tries again.
/// </summary>
public sealed partial class SafeguardingRoundsService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SafeguardingRoundsService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10));
        do
        {
            await RunAsync("referral escalation", services => services.GetRequiredService<ReferralEscalation>().AlertOverdueAsync(stoppingToken));
            await RunAsync("child protection file receipt", services => Transfer.ProtectionFileTransfers.AlertUnconfirmedAsync(
                services.GetRequiredService<AppDbContext>(), services.GetRequiredService<Platform.Notifications.Notifier>(), clock, stoppingToken));
            await RunAsync("missed supervision check-ins", services => Keywork.SupervisionRegister.AlertMissedAsync(
                services.GetRequiredService<AppDbContext>(), services.GetRequiredService<Platform.Notifications.Notifier>(), clock, stoppingToken));
            await RunAsync("incident alerts", services => Incidents.IncidentAlerts.AlertDysregulationAsync(
                services.GetRequiredService<AppDbContext>(), services.GetRequiredService<Platform.Notifications.Notifier>(), clock, stoppingToken));
            await RunAsync("staff briefing digest", services => Incidents.StaffBriefings.DigestAsync(
                services.GetRequiredService<AppDbContext>(), services.GetRequiredService<Platform.Notifications.Notifier>(), clock, stoppingToken));
            await RunAsync("staged upload clearance", services => ConcernAttachments.PurgeStagedAsync(services.GetRequiredService<AppDbContext>(), clock, stoppingToken));
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RunAsync(string round, Func<IServiceProvider, Task<int>> work)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await work(scope.ServiceProvider);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRoundFailed(round, exception.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Error, Message = "Safeguarding round {Round} failed: {ErrorType}")]
    private partial void LogRoundFailed(string round, string errorType);
}
