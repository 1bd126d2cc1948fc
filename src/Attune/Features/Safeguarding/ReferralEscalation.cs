using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>
/// Alerts the DSL team when an agency's response to a referral is overdue, so it can be chased or escalated
/// under the local escalation policy: the concern's owner, or the whole DSL team for the concern when it has no
/// owner. Each due date alerts once; an escalation that agrees a new due date re-arms it.
/// </summary>
public sealed class ReferralEscalation(AppDbContext db, Notifier notifier, TimeProvider clock)
{
    /// <summary>Sends the alerts due now and saves; returns how many referrals were alerted.</summary>
    public async Task<int> AlertOverdueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(LocalTime.ToUk(now));
        var overdue = await db.Referrals.AsNoTracking()
            .Where(r => r.ResponseOn == null && r.ResponseDueOn < today && !db.ReferralAlerts.Any(a => a.ReferralId == r.Id && a.DueOn == r.ResponseDueOn))
            .Join(db.Concerns.Where(c => c.EnteredInErrorUtc == null && c.ReceivedUtc == null && c.Status != ConcernStatus.Closed), r => r.ConcernId, c => c.Id, (r, c) => new { Referral = r, Concern = c })
            .Take(500)
            .ToListAsync(cancellationToken);
        foreach (var item in overdue)
        {
            var concern = item.Concern;
            IReadOnlyList<Guid> recipients;
            if (concern.OwnerUserId is { } owner && await db.Users.AnyAsync(u => u.Id == owner && !u.Disabled, cancellationToken))
            {
                recipients = [owner];
            }
            else
            {
                recipients = await new DslTeam(db).ForConcernAsync(concern.Id, cancellationToken);
            }

            foreach (var recipient in recipients)
            {
                await notifier.NotifyAsync(recipient, "Referral response overdue",
                    "A response to a safeguarding referral is overdue: chase it or escalate it.",
                    $"/safeguarding/concerns/{concern.Id}#referrals", concern.SchoolId, NotificationSender.Attune);
            }

            db.ReferralAlerts.Add(new ReferralAlert { ReferralId = item.Referral.Id, DueOn = item.Referral.ResponseDueOn!.Value, AlertedUtc = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        return overdue.Count;
    }
}
