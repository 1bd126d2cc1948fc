using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Attune.Platform.Data;

namespace Attune.Platform.Notifications;

/// <summary>
/// Sends the emails that are due. Each is claimed first (a concurrency-checked update), so two Attune
/// servers sharing one database never both send it. Delivery is at least once: if the server dies after
/// the mail server accepted an email but before it was marked sent, it is sent again after the claim lapses.
/// </summary>
public sealed partial class EmailOutbox(
    AppDbContext db,
    IEmailTransport transport,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<EmailOutbox> logger)
{
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);
    private readonly EmailOptions _options = options.Value;

    /// <summary>Tries every due email once; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.OutboxEmails
            .Where(e => e.SentUtc == null && e.GaveUpUtc == null && e.NextAttemptUtc <= now
                && (e.ClaimedUntilUtc == null || e.ClaimedUntilUtc < now))
            .OrderBy(e => e.NextAttemptUtc)
            .Take(50)
            .ToListAsync(cancellationToken);

        var sent = 0;
        foreach (var email in due)
        {
            if (await ClaimAsync(email, cancellationToken) && await SendAsync(email, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<bool> ClaimAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        email.ClaimedUntilUtc = clock.GetUtcNow().UtcDateTime + ClaimFor;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.Entry(email).State = EntityState.Detached;
            return false;
        }
    }

    private async Task<bool> SendAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        bool delivered;
        email.Attempts++;
        try
        {
            await transport.SendAsync(email, cancellationToken);
            delivered = true;
            email.SentUtc = clock.GetUtcNow().UtcDateTime;
            email.Body = null;
            email.LastError = null;
            LogSent(email.Id, email.Kind, email.Attempts);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            delivered = false;
            email.LastError = Describe(exception);
            if (email.Attempts >= _options.MaxAttempts)
            {
                email.GaveUpUtc = clock.GetUtcNow().UtcDateTime;
                LogGaveUp(email.Id, email.Kind, email.Attempts, email.LastError);
            }
            else
            {
                email.NextAttemptUtc = clock.GetUtcNow().UtcDateTime + EmailOptions.RetryDelay(email.Attempts);
                LogFailed(email.Id, email.Kind, email.Attempts, email.LastError);
            }
        }

        email.ClaimedUntilUtc = null;
        await db.SaveChangesAsync(CancellationToken.None);
        return delivered;
    }

    /// <summary>The failure without its message text, which can echo an address back.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        System.Net.Mail.SmtpFailedRecipientException recipient => $"SMTP {(int)recipient.StatusCode} {recipient.StatusCode} (recipient refused)",
        System.Net.Mail.SmtpException smtp => $"SMTP {(int)smtp.StatusCode} {smtp.StatusCode}"
            + (smtp.InnerException is { } inner ? $" ({inner.GetType().Name})" : ""),
        _ => exception.GetType().Name,
    };

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Email {EmailId} ({Kind}) sent at attempt {Attempts}")]
    private partial void LogSent(Guid emailId, string kind, int attempts);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Email {EmailId} ({Kind}) failed at attempt {Attempts}: {Error}; will retry")]
    private partial void LogFailed(Guid emailId, string kind, int attempts, string error);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Email {EmailId} ({Kind}) given up after {Attempts} attempts: {Error}")]
    private partial void LogGaveUp(Guid emailId, string kind, int attempts, string error);
}

/// <summary>Runs the outbox every few seconds while the web server is up.</summary>
public sealed partial class EmailOutboxService(IServiceScopeFactory scopes, IOptions<EmailOptions> options, ILogger<EmailOutboxService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.IsEnabled || !settings.SendInBackground)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, settings.PollSeconds)));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<EmailOutbox>().SendDueAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRoundFailed(exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "Email outbox round failed: {ErrorType}")]
    private partial void LogRoundFailed(string errorType);
}
