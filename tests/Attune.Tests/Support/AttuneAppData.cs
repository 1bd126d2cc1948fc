using System.Linq.Expressions;
using Attune.Features.Pupils;
using Attune.Features.Schools;
using Attune.Platform.Cli;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Support;

/// <summary>Intent-named look-ups and commands against a test app's database, shared by every test class.</summary>
public static class AttuneAppData
{
    public static Task<T> QueryAsync<T>(this AttuneApp app, Func<AppDbContext, Task<T>> query) =>
        app.WithScopeAsync(services => query(services.GetRequiredService<AppDbContext>()));

    /// <summary>The first pupil (by UPN) of a demo school, optionally narrowed.</summary>
    public static Task<Pupil> PupilAsync(this AttuneApp app, string school, Expression<Func<Pupil, bool>>? where = null) =>
        app.QueryAsync(db => db.Pupils.AsNoTracking()
            .Where(p => p.School!.Name == school)
            .Where(where ?? (_ => true))
            .OrderBy(p => p.Upn)
            .FirstAsync());

    public static Task<Pupil> PupilByUpnAsync(this AttuneApp app, string upn) =>
        app.QueryAsync(db => db.Pupils.AsNoTracking().SingleAsync(p => p.Upn == upn));

    public static Task<School> SchoolAsync(this AttuneApp app, string name) =>
        app.QueryAsync(db => db.Schools.AsNoTracking().SingleAsync(s => s.Name == name));

    public static Task<Guid> UserIdAsync(this AttuneApp app, string email) =>
        app.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>Runs an `attune` command in-process against this app's database, as an operator would.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(this AttuneApp app, params string[] args)
    {
        var output = new StringWriter();
        var exitCode = await CommandLine.RunAsync(args, output, builder =>
        {
            foreach (var (key, value) in app.Database.Settings())
            {
                builder.Configuration[key] = value;
            }
        });
        return (exitCode, output.ToString());
    }

    /// <summary>Runs the email outbox once, as the background sender would.</summary>
    public static Task<int> SendEmailsAsync(this AttuneApp app) =>
        app.WithScopeAsync(services => services.GetRequiredService<EmailOutbox>().SendDueAsync());

    /// <summary>Notifies a demo member of staff, as a feature would, and saves.</summary>
    public static Task<Notification> NotifyAsync(this AttuneApp app, string recipientEmail, string category, string summary, string? link, string senderName = "Dana Shah (DSL)") =>
        app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var recipient = await db.Users.Where(u => u.Email == recipientEmail).Select(u => u.Id).SingleAsync();
            var notification = await services.GetRequiredService<Notifier>()
                .NotifyAsync(recipient, category, summary, link, null, new NotificationSender(null, senderName));
            await db.SaveChangesAsync();
            return notification;
        });
}
