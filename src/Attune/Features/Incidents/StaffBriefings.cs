using Attune.Features.Keywork;
using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Incidents;

/// <summary>
/// "What staff need to know": a short update about a pupil from their keyworker to the staff who teach or support
/// them, after an incident or whenever something changes. It carries only what its writer chose to say: the
/// incident (if any) stays behind its own access rules. Kept as sent; never edited.
/// </summary>
public sealed class StaffBriefing
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid SchoolId { get; set; }
    public required string Text { get; set; }

    /// <summary>The incident it follows, for the sender's own trail; recipients are never shown it.</summary>
    public Guid? IncidentId { get; set; }
    public Guid SentByUserId { get; set; }
    public required string SentByName { get; set; }
    public DateTime SentUtc { get; set; }
    public List<StaffBriefingRecipient> Recipients { get; set; } = [];
}

/// <summary>One member of staff a briefing went to: when they read it, and when it was in their daily digest.</summary>
public sealed class StaffBriefingRecipient
{
    public Guid BriefingId { get; set; }
    public Guid StaffUserId { get; set; }
    public DateTime? ReadUtc { get; set; }
    public DateTime? DigestedUtc { get; set; }
}

public sealed class StaffBriefingConfiguration : IEntityTypeConfiguration<StaffBriefing>
{
    public void Configure(EntityTypeBuilder<StaffBriefing> builder)
    {
        builder.Property(b => b.Text).HasMaxLength(StaffBriefings.MaxText);
        builder.Property(b => b.SentByName).HasMaxLength(200);
        builder.HasIndex(b => new { b.PupilId, b.SentUtc });
        builder.HasMany(b => b.Recipients).WithOne().HasForeignKey(r => r.BriefingId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class StaffBriefingRecipientConfiguration : IEntityTypeConfiguration<StaffBriefingRecipient>
{
    public void Configure(EntityTypeBuilder<StaffBriefingRecipient> builder)
    {
        builder.HasKey(r => new { r.BriefingId, r.StaffUserId });
        builder.HasIndex(r => new { r.StaffUserId, r.ReadUtc });
    }
}

/// <summary>A briefing as its reader sees it.</summary>
public sealed record BriefingView(Guid Id, PupilChoice Pupil, string Text, string SentByName, DateTime SentUtc, bool Unread);

/// <summary>
/// Sending "what staff need to know" and reading it. Recipients are fixed when it is sent: the pupil's teachers,
/// teaching assistants and form tutor (their teaching groups and form) and their other keyworkers. Each is told
/// in-app at once, one waiting notification however many arrive, and anything still unread by the next morning is
/// in their daily digest.
/// </summary>
public sealed class StaffBriefings(AppDbContext db, StaffContext staff, Notifier notifier, AuditTrail audit, TimeProvider clock)
{
    public const int MaxText = 1_000;
    public const string Category = "What staff need to know";
    public const string DigestCategory = "Daily digest";
    public const string Link = "/briefings";

    /// <summary>The hour (UK time) the daily digest goes out, so it is waiting before the first lesson.</summary>
    public const int DigestHour = 7;

    public static readonly AccessRequirement Create = new(RecordType.StaffBriefing, Operation.Create);
    public static readonly AccessRequirement Read = new(RecordType.StaffBriefing, Operation.Read);

    /// <summary>Who a briefing about the pupil would go to now, by name, the sender left out.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> RecipientsAsync(Guid pupilId, CancellationToken cancellationToken)
    {
        var today = staff.Today;
        var ids = await SchoolStaff.TeachingAsync(db, pupilId, cancellationToken);
        ids.AddRange(await db.KeyworkerAllocations.Where(k => k.PupilId == pupilId && k.StartsOn <= today && (k.EndsOn == null || k.EndsOn >= today))
            .Select(k => k.StaffUserId).ToListAsync(cancellationToken));
        var distinct = ids.Where(id => id != staff.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => distinct.Contains(u.Id) && !u.Disabled).Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken);
        return [.. users.OrderBy(u => u.DisplayName, StringComparer.Ordinal).Select(u => (u.Id, u.DisplayName))];
    }

    /// <summary>What the member of staff has sent about the pupil, newest first.</summary>
    public async Task<IReadOnlyList<(StaffBriefing Briefing, int Recipients, int Read)>> SentAsync(Guid pupilId, CancellationToken cancellationToken) =>
        [.. (await db.StaffBriefings.AsNoTracking().Where(b => b.PupilId == pupilId && b.SentByUserId == staff.UserId).OrderByDescending(b => b.SentUtc).Take(20)
            .Select(b => new { Briefing = b, Recipients = b.Recipients.Count, Read = b.Recipients.Count(r => r.ReadUtc != null) }).ToListAsync(cancellationToken))
            .Select(b => (b.Briefing, b.Recipients, b.Read))];

    /// <summary>Sends a briefing about a pupil the member of staff may brief about. Errors are keyed by field; the pupil out of reach is null.</summary>
    public async Task<(Guid? Id, IReadOnlyDictionary<string, string> Errors)?> SendAsync(Guid pupilId, string? text, Guid? incidentId, CancellationToken cancellationToken)
    {
        var pupil = await PupilChoice.FindAsync(staff, Create, pupilId, cancellationToken);
        if (pupil is null)
        {
            return null;
        }

        var errors = new Dictionary<string, string>();
        var (clean, error) = TextInput.Clean(text, MaxText, multiline: true);
        TextInput.Require(clean, error, "Text", "Write what staff need to know", "What staff need to know", errors);
        var recipients = await RecipientsAsync(pupilId, cancellationToken);
        if (recipients.Count == 0)
        {
            errors["Text"] = "No one else teaches or supports this pupil in Attune yet, so there is no one to tell";
        }

        // The incident is only remembered for the sender, and only one they may read about this pupil.
        if (incidentId is { } incident && !await Incidents.VisibleTo(db, staff, Incidents.Read).AnyAsync(i => i.Id == incident && i.Pupils.Any(p => p.PupilId == pupilId), cancellationToken))
        {
            incidentId = null;
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var briefing = new StaffBriefing
        {
            PupilId = pupilId, SchoolId = pupil.SchoolId, Text = clean!, IncidentId = incidentId, SentByUserId = staff.UserId, SentByName = staff.User!.DisplayName, SentUtc = now,
            Recipients = [.. recipients.Select(r => new StaffBriefingRecipient { StaffUserId = r.Id })],
        };
        db.StaffBriefings.Add(briefing);

        // One waiting notification each, brought up to date while it is unread, so a busy day is one message.
        var ids = recipients.Select(r => r.Id).ToList();
        var waiting = await db.Notifications.Where(n => ids.Contains(n.RecipientUserId) && n.ReadUtc == null && n.Category == Category && n.Link == Link).ToListAsync(cancellationToken);
        const string summary = "A keyworker has shared what staff need to know about a pupil you teach or support. Read it before your next lesson with them.";
        foreach (var recipient in ids)
        {
            if (waiting.FirstOrDefault(n => n.RecipientUserId == recipient) is { } notification)
            {
                notification.CreatedUtc = now;
            }
            else
            {
                await notifier.NotifyAsync(recipient, Category, summary, Link, pupil.SchoolId, new NotificationSender(staff.UserId, staff.User!.DisplayName));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return (briefing.Id, errors);
    }

    /// <summary>Briefings sent to the member of staff in the last <paramref name="days"/> days, newest first; reading them marks them read.</summary>
    public async Task<IReadOnlyList<BriefingView>> MineAsync(int days, CancellationToken cancellationToken)
    {
        var userId = staff.UserId;
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-days);
        var rows = await db.StaffBriefingRecipients.Where(r => r.StaffUserId == userId)
            .Join(db.StaffBriefings.Where(b => b.SentUtc >= since), r => r.BriefingId, b => b.Id, (r, b) => new { Recipient = r, Briefing = b })
            .OrderByDescending(x => x.Briefing.SentUtc).Take(200)
            .ToListAsync(cancellationToken);
        var pupilIds = rows.Select(r => r.Briefing.PupilId).Distinct().ToList();
        var pupils = await PupilChoice.From(db.Pupils.AsNoTracking().Where(p => pupilIds.Contains(p.Id))).ToDictionaryAsync(p => p.Id, cancellationToken);
        var views = rows.Select(r => new BriefingView(r.Briefing.Id, pupils[r.Briefing.PupilId], r.Briefing.Text, r.Briefing.SentByName, r.Briefing.SentUtc, r.Recipient.ReadUtc is null)).ToList();
        foreach (var row in rows.Where(r => r.Recipient.ReadUtc is null))
        {
            row.Recipient.ReadUtc = now;
        }

        await db.Notifications.Where(n => n.RecipientUserId == userId && n.ReadUtc == null && (n.Category == Category || n.Category == DigestCategory) && n.Link == Link)
            .ForEachAsync(n => n.ReadUtc = now, cancellationToken);
        foreach (var briefing in views)
        {
            audit.RecordRead(nameof(RecordType.StaffBriefing), briefing.Id, briefing.Pupil.Id, briefing.Pupil.SchoolId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return views;
    }

    /// <summary>
    /// The daily digest, run in the rounds: from <see cref="DigestHour"/> each day, every member of staff with
    /// briefings sent before today that they have not read is told once how many are waiting.
    /// </summary>
    public static async Task<int> DigestAsync(AppDbContext db, Notifier notifier, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var local = LocalTime.ToUk(now);
        if (local.Hour < DigestHour)
        {
            return 0;
        }

        var startOfToday = LocalTime.FromUk(local.Date);
        var waiting = await db.StaffBriefingRecipients.Where(r => r.ReadUtc == null && r.DigestedUtc == null)
            .Join(db.StaffBriefings.Where(b => b.SentUtc < startOfToday), r => r.BriefingId, b => b.Id, (r, b) => new { Recipient = r, b.SchoolId })
            .ToListAsync(cancellationToken);
        foreach (var group in waiting.GroupBy(w => w.Recipient.StaffUserId))
        {
            var count = group.Count();
            await notifier.NotifyAsync(group.Key, DigestCategory,
                count == 1 ? "1 update on what staff need to know about a pupil you teach is waiting for you." : $"{count} updates on what staff need to know about pupils you teach are waiting for you.",
                Link, group.First().SchoolId, NotificationSender.Attune);
            foreach (var row in group)
            {
                row.Recipient.DigestedUtc = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return waiting.Select(w => w.Recipient.StaffUserId).Distinct().Count();
    }
}
