using System.Net;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attune.Tests.Platform.Notifications;

public sealed class NotificationTests
{
    private const string Keyworker = "keyworker@hollybrook.example";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_notification_is_emailed_with_who_sent_it_the_category_and_a_link_but_nothing_about_the_pupil(DatabaseProvider provider)
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = new AttuneApp(provider, settings: smtp.Settings());
        var pupil = await app.PupilAsync("Kingsmead Academy");

        var notification = await app.NotifyAsync(Keyworker, "Safeguarding concern", $"Concern about {pupil.LegalFirstName} to review", $"/pupils/{pupil.Id}");
        Assert.Equal(1, await app.SendEmailsAsync());

        var email = Assert.Single(smtp.Received);
        Assert.Equal([Keyworker], email.To);
        Assert.Equal("Attune: Safeguarding concern", email.Subject);
        Assert.Contains("Dana Shah (DSL) sent you a notification", email.Body, StringComparison.Ordinal);
        Assert.Contains($"https://attune.kingsmead.example/notifications/{notification.Id}", email.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(pupil.LegalFirstName, email.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain(pupil.Id.ToString(), email.Raw, StringComparison.Ordinal);

        var stored = await app.QueryAsync(db => db.OutboxEmails.SingleAsync());
        Assert.NotNull(stored.SentUtc);
        Assert.Null(stored.Body);
        Assert.Equal(0, await app.SendEmailsAsync());
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task A_refused_email_is_retried_with_growing_delays_and_given_up_after_the_last_attempt()
    {
        await using var smtp = new FakeSmtpServer { RefuseNext = 100 };
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, settings: smtp.Settings(maxAttempts: 3));
        await app.NotifyAsync(Keyworker, "Meeting", "A review meeting was booked", "/notifications");

        Assert.Equal(0, await app.SendEmailsAsync());
        var first = await app.QueryAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync());
        Assert.Equal(1, first.Attempts);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(1), first.NextAttemptUtc, TimeSpan.FromSeconds(1));
        Assert.StartsWith("SMTP", first.LastError, StringComparison.Ordinal);

        Assert.Equal(0, await app.SendEmailsAsync());
        Assert.Equal(1, (await app.QueryAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync())).Attempts);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await app.SendEmailsAsync());
        var second = await app.QueryAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync());
        Assert.Equal(2, second.Attempts);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(2), second.NextAttemptUtc, TimeSpan.FromSeconds(1));

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.SendEmailsAsync();
        var last = await app.QueryAsync(db => db.OutboxEmails.AsNoTracking().SingleAsync());
        Assert.Equal(3, last.Attempts);
        Assert.NotNull(last.GaveUpUtc);
        Assert.Null(last.SentUtc);

        smtp.RefuseNext = 0;
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await app.SendEmailsAsync());
        Assert.Empty(smtp.Received);
    }

    [Fact]
    public async Task An_email_refused_once_arrives_at_the_next_attempt()
    {
        await using var smtp = new FakeSmtpServer { RefuseNext = 1 };
        await using var app = new AttuneApp(DatabaseProvider.Sqlite, settings: smtp.Settings());
        await app.NotifyAsync(Keyworker, "Meeting", "A review meeting was booked", "/notifications");

        Assert.Equal(0, await app.SendEmailsAsync());
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await app.SendEmailsAsync());
        Assert.Single(smtp.Received);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Two_senders_working_at_once_send_each_email_once(DatabaseProvider provider)
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = new AttuneApp(provider, settings: smtp.Settings());
        for (var i = 0; i < 5; i++)
        {
            await app.NotifyAsync(Keyworker, "Meeting", $"Meeting {i}", "/notifications");
        }

        var sent = await Task.WhenAll(app.SendEmailsAsync(), app.SendEmailsAsync());

        Assert.Equal(5, sent.Sum());
        Assert.Equal(5, smtp.Received.Count);
    }

    [Fact]
    public async Task Without_email_set_up_a_notification_is_only_in_the_list()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        await app.NotifyAsync(Keyworker, "Meeting", "A review meeting was booked", "/notifications");

        Assert.Equal(1, await app.QueryAsync(db => db.Notifications.CountAsync()));
        Assert.Equal(0, await app.QueryAsync(db => db.OutboxEmails.CountAsync()));
    }

    [Fact]
    public async Task A_notification_never_links_outside_Attune()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);

        await Assert.ThrowsAsync<ArgumentException>(() => app.NotifyAsync(Keyworker, "Meeting", "Look", "https://evil.example/"));
        await Assert.ThrowsAsync<ArgumentException>(() => app.NotifyAsync(Keyworker, "Meeting", "Look", "//evil.example/"));
    }

    [Fact]
    public async Task The_recipient_sees_it_in_their_list_and_opening_it_marks_it_read_and_goes_to_the_record()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var pupil = await app.PupilAsync("Kingsmead Academy");
        var notification = await app.NotifyAsync("dsl@kingsmead.example", "Safeguarding concern", "A new concern to review", $"/pupils/{pupil.Id}");
        var dsl = await StaffSession.SignInAsync(app, "dsl@kingsmead.example");

        var list = await dsl.GetPageAsync("/notifications");
        Assert.Contains("A new concern to review", list, StringComparison.Ordinal);
        Assert.Contains("From Dana Shah (DSL)", list, StringComparison.Ordinal);
        Assert.Contains("<span class=\"attune-nav__count\"><span class=\"govuk-visually-hidden\">(</span>1<span class=\"govuk-visually-hidden\"> unread)</span></span>", list, StringComparison.Ordinal);
        Assert.DoesNotContain("@if", list, StringComparison.Ordinal);

        var open = await dsl.GetAsync($"/notifications/{notification.Id}");
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Equal($"/pupils/{pupil.Id}", open.Headers.Location!.OriginalString);
        Assert.NotNull((await app.QueryAsync(db => db.Notifications.SingleAsync())).ReadUtc);
        Assert.Contains("You have no unread notifications", await dsl.GetPageAsync("/notifications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_else_cannot_open_or_see_a_notification()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        var notification = await app.NotifyAsync("dsl@kingsmead.example", "Safeguarding concern", "A new concern to review", "/pupils");
        var teacher = await StaffSession.SignInAsync(app, "teacher@kingsmead.example");

        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/notifications/{notification.Id}")).StatusCode);
        Assert.DoesNotContain("A new concern to review", await teacher.GetPageAsync("/notifications"), StringComparison.Ordinal);
        Assert.Null((await app.QueryAsync(db => db.Notifications.SingleAsync())).ReadUtc);
    }

    [Fact]
    public async Task Mark_all_as_read_clears_the_count()
    {
        await using var app = new AttuneApp(DatabaseProvider.Sqlite);
        await app.NotifyAsync(Keyworker, "Meeting", "First", "/notifications");
        await app.NotifyAsync(Keyworker, "Meeting", "Second", "/notifications");
        var keyworker = await StaffSession.SignInAsync(app, Keyworker);
        Assert.Contains("You have 2 unread notifications", await keyworker.GetPageAsync("/notifications"), StringComparison.Ordinal);

        var response = await keyworker.PostFormAsync("/notifications?handler=MarkAllRead", [], formPage: "/notifications");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("You have no unread notifications", await keyworker.GetPageAsync("/notifications"), StringComparison.Ordinal);
        Assert.Equal(2, await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.RecordType == nameof(Notification) && a.Action == "update")));
    }
}
