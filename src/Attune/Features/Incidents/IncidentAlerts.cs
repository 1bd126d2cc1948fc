using Attune.Features.Schools;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Incidents;

/// <summary>
/// A pattern alert sent about a pupil: when, to whom, and the evidence counted, so the same incidents never alert
/// twice and the keyworker can see why they were told.
/// </summary>
public sealed class IncidentAlert
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid SchoolId { get; set; }
    public DateTime AlertedUtc { get; set; }

    /// <summary>How many dysregulation incidents, in how many school days, from which day.</summary>
    public int Count { get; set; }
    public int SchoolDays { get; set; }
    public DateOnly WindowFrom { get; set; }
}

public sealed class IncidentAlertConfiguration : IEntityTypeConfiguration<IncidentAlert>
{
    public void Configure(EntityTypeBuilder<IncidentAlert> builder) => builder.HasIndex(a => new { a.PupilId, a.AlertedUtc });
}

/// <summary>
/// The incident alert rule run in the safeguarding rounds: a pupil with the school's number of dysregulation
/// incidents (3 by default) within its number of school days (5) alerts their keyworkers, or the pastoral leads when
/// they have none. Once: the next alert about the same pupil counts only incidents recorded after the last one.
/// </summary>
public static class IncidentAlerts
{
    public const string Category = "Incidents";

    public static async Task<int> AlertDysregulationAsync(AppDbContext db, Notifier notifier, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(Platform.Web.LocalTime.ToUk(now));
        var rules = await db.IncidentAlertRules.AsNoTracking().ToDictionaryAsync(r => r.SchoolId, cancellationToken);
        var alerted = 0;

        // Only schools with a dysregulation incident in the longest window any rule could ask for.
        var earliest = today.AddDays(-120);
        var schools = await db.Incidents.Where(i => i.Dysregulation && i.OccurredOn >= earliest).Select(i => i.SchoolId).Distinct().ToListAsync(cancellationToken);
        foreach (var schoolId in schools)
        {
            var rule = rules.GetValueOrDefault(schoolId) ?? new IncidentAlertRules { SchoolId = schoolId };
            var windowFrom = await SchoolDays.WindowStartAsync(db, schoolId, today, rule.DysregulationSchoolDays, cancellationToken);
            var incidents = await (
                    from ip in db.IncidentPupils
                    join i in db.Incidents on ip.IncidentId equals i.Id
                    where i.SchoolId == schoolId && i.Dysregulation && !i.Positive && i.EnteredInErrorUtc == null && i.OccurredOn >= windowFrom && i.OccurredOn <= today
                        && ip.Role == IncidentRole.Involved
                    select new { ip.PupilId, i.RecordedUtc })
                .ToListAsync(cancellationToken);
            var candidates = incidents.GroupBy(i => i.PupilId).Where(g => g.Count() >= rule.DysregulationCount).Select(g => g.Key).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            var lastAlerts = await db.IncidentAlerts.Where(a => candidates.Contains(a.PupilId)).GroupBy(a => a.PupilId)
                .Select(g => new { PupilId = g.Key, Last = g.Max(a => a.AlertedUtc) }).ToDictionaryAsync(a => a.PupilId, a => a.Last, cancellationToken);
            foreach (var pupilId in candidates)
            {
                var since = lastAlerts.TryGetValue(pupilId, out var last) ? last : DateTime.MinValue;
                var count = incidents.Count(i => i.PupilId == pupilId && i.RecordedUtc > since);
                if (count < rule.DysregulationCount)
                {
                    continue;
                }

                db.IncidentAlerts.Add(new IncidentAlert { PupilId = pupilId, SchoolId = schoolId, AlertedUtc = now, Count = count, SchoolDays = rule.DysregulationSchoolDays, WindowFrom = windowFrom });
                var recipients = await KeyworkersAsync(db, pupilId, today, cancellationToken);
                var summary = $"{count} dysregulation incidents in the last {rule.DysregulationSchoolDays} school days (since {windowFrom:ddd d MMM}) for a pupil "
                    + (recipients.Count > 0 ? "you keywork. Look at their incidents and plans." : "with no keyworker. Look at their incidents and who supports them.");
                if (recipients.Count == 0)
                {
                    recipients = await Incidents.LeadsForAsync(db, schoolId, pupilId, cancellationToken);
                }

                foreach (var recipient in recipients)
                {
                    await notifier.NotifyAsync(recipient, Category, summary, $"/pupils/{pupilId}/incidents", schoolId, NotificationSender.Attune);
                }

                alerted++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return alerted;
    }

    private static async Task<IReadOnlyList<Guid>> KeyworkersAsync(AppDbContext db, Guid pupilId, DateOnly today, CancellationToken cancellationToken) =>
        await db.KeyworkerAllocations.Where(k => k.PupilId == pupilId && k.StartsOn <= today && (k.EndsOn == null || k.EndsOn >= today))
            .Join(db.Users.Where(u => !u.Disabled), k => k.StaffUserId, u => u.Id, (k, u) => k.StaffUserId)
            .Distinct().ToListAsync(cancellationToken);
}
