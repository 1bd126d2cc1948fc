using Attune.Platform.Data;
using Attune.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attune.Platform.Notifications;

/// <summary>Who a notification comes from.</summary>
public sealed record NotificationSender(Guid? UserId, string Name)
{
    public static readonly NotificationSender Attune = new(null, "Attune");
}

/// <summary>
/// Tells members of staff about something: a notification in their list and, when email is set up, an email
/// saying only who sent it, the category and a link. Nothing is saved here: the caller's
/// <c>SaveChangesAsync</c> writes the notification and its email in the same transaction as the change.
/// </summary>
public sealed class Notifier(AppDbContext db, IOptions<EmailOptions> options, TimeProvider clock)
{
    private readonly EmailOptions _email = options.Value;

    public async Task<Notification> NotifyAsync(Guid recipientUserId, string category, string summary, string? link, Guid? schoolId, NotificationSender sender)
    {
        if (link is not null && !IsLocalPath(link))
        {
            throw new ArgumentException("A notification links only to a page inside Attune.", nameof(link));
        }

        var recipient = await db.Users.AsNoTracking()
            .Where(u => u.Id == recipientUserId)
            .Select(u => new { u.Email, u.Disabled })
            .FirstOrDefaultAsync()
            ?? throw new ArgumentException("No such member of staff.", nameof(recipientUserId));
        var notification = Add(recipientUserId, category, summary, link, schoolId, sender);
        if (_email.IsEnabled && !recipient.Disabled && !string.IsNullOrWhiteSpace(recipient.Email))
        {
            Queue(EmailKinds.Notification, recipientUserId, recipient.Email, $"Attune: {category}",
                $"""
                {sender.Name} sent you a notification in Attune.

                Category: {category}

                Open it in Attune (you will be asked to sign in):
                {_email.LinkTo($"/notifications/{notification.Id}")}

                For everyone's safety, emails from Attune never contain pupils' names or details of records.
                """);
        }

        return notification;
    }

    private Notification Add(Guid recipientUserId, string category, string summary, string? link, Guid? schoolId, NotificationSender sender)
    {
        var notification = new Notification
        {
            RecipientUserId = recipientUserId,
            SchoolId = schoolId,
            Category = category,
            Summary = summary,
            Link = link,
            SenderUserId = sender.UserId,
            SenderName = sender.Name,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(notification);
        return notification;
    }

    /// <summary>
    /// Tells someone that their sign-in details changed, so a change they did not make is noticed
    /// (OWASP ASVS 5.0 V6.3.7).
    /// </summary>
    public void AccountSecurity(StaffUser user, string whatChanged)
    {
        Add(user.Id, "Account security", whatChanged, "/account", null, NotificationSender.Attune);
        if (_email.IsEnabled && !string.IsNullOrWhiteSpace(user.Email))
        {
            var when = Web.LocalTime.Format(clock.GetUtcNow().UtcDateTime) + " UK time";
            Queue(EmailKinds.AccountSecurity, user.Id, user.Email, "Attune: your sign-in details changed",
                $"""
                {whatChanged} ({when}).

                If this was you, there is nothing more to do. If it was not, tell your school's Attune administrator straight away.

                {_email.LinkTo("/account")}
                """);
        }
    }

    /// <summary>Puts an email in the outbox; the caller's save makes it durable.</summary>
    public OutboxEmail Queue(string kind, Guid? recipientUserId, string toAddress, string subject, string body)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var email = new OutboxEmail
        {
            Kind = kind,
            RecipientUserId = recipientUserId,
            ToAddress = toAddress,
            Subject = subject,
            Body = body,
            CreatedUtc = now,
            NextAttemptUtc = now,
        };
        db.Add(email);
        return email;
    }

    public static bool IsLocalPath(string link) =>
        link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && !link.StartsWith("/\\", StringComparison.Ordinal);
}
