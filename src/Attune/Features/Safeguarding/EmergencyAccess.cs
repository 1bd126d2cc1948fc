using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Safeguarding;

/// <summary>
/// Emergency ("break-glass") access: a pastoral lead, with a written reason, reading one pupil's safeguarding
/// records for a limited time because a child's safety needs it now and the DSL team cannot be reached. It is
/// granted at once (an emergency cannot wait for approval), kept for good, and the DSL team is told at once.
/// Reading only, never DSL-only categories or safeguarding statuses, and every read is audited as usual.
/// </summary>
public sealed class EmergencyAccessGrant
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public Guid SchoolId { get; set; }
    public Guid UserId { get; set; }
    public required string UserName { get; set; }
    public required string Reason { get; set; }
    public DateTime GrantedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }

    /// <summary>Set when the access was ended before it expired.</summary>
    public DateTime? EndedUtc { get; set; }

    public bool IsActive(DateTime nowUtc) => EndedUtc is null && ExpiresUtc > nowUtc;
}

public sealed class EmergencyAccessGrantConfiguration : IEntityTypeConfiguration<EmergencyAccessGrant>
{
    public void Configure(EntityTypeBuilder<EmergencyAccessGrant> builder)
    {
        builder.Property(g => g.UserName).HasMaxLength(200);
        builder.Property(g => g.Reason).HasMaxLength(EmergencyAccess.MaxReason);
        builder.HasIndex(g => new { g.UserId, g.ExpiresUtc });
        builder.HasIndex(g => new { g.SchoolId, g.GrantedUtc });
        builder.HasOne(g => g.Pupil).WithMany().HasForeignKey(g => g.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Requests emergency access and lists it for the DSL team.</summary>
public sealed class EmergencyAccess(AppDbContext db, StaffContext staff, Notifier notifier, TimeProvider clock)
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(60);
    public const int MinReason = 20;
    public const int MaxReason = 2_000;
    public static readonly AccessRequirement Request = new(RecordType.EmergencyAccess, Operation.Create);

    /// <summary>The pupil, when the member of staff may ask for emergency access to their records; otherwise null (answer 404).</summary>
    public Task<PupilChoice?> PupilAsync(Guid pupilId, CancellationToken cancellationToken) =>
        PupilChoice.FindAsync(staff, Request, pupilId, cancellationToken);

    /// <summary>Grants access for <see cref="Duration"/> and tells the DSL team; or says what is wrong with the reason.</summary>
    public async Task<(EmergencyAccessGrant? Grant, string? Error)> RequestAsync(PupilChoice pupil, string? reason, CancellationToken cancellationToken)
    {
        var (cleaned, error) = TextInput.Clean(reason, MaxReason, multiline: true);
        if (error is not null)
        {
            return (null, "The reason " + error);
        }

        if (cleaned is null || cleaned.Length < MinReason)
        {
            return (null, "Say why you need these records now and why the safeguarding team cannot be reached, in a sentence or more");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var grant = new EmergencyAccessGrant
        {
            PupilId = pupil.Id,
            SchoolId = pupil.SchoolId,
            UserId = staff.UserId,
            UserName = staff.User!.DisplayName,
            Reason = cleaned,
            GrantedUtc = now,
            ExpiresUtc = now + Duration,
        };
        db.EmergencyAccessGrants.Add(grant);

        // The whole DSL team for the pupil hears of it; the message names no pupil and no reason.
        var team = await new DslTeam(db).ForAsync(pupil.SchoolId, [pupil.Year], dslOnly: false, cancellationToken);
        foreach (var member in team.Where(m => m != staff.UserId))
        {
            await notifier.NotifyAsync(member, "Emergency access used",
                "A member of staff has used emergency access to a pupil's safeguarding records. Review why.",
                "/safeguarding/emergency-access", pupil.SchoolId, new NotificationSender(staff.UserId, staff.User.DisplayName));
        }

        await db.SaveChangesAsync(cancellationToken);
        return (grant, null);
    }

    /// <summary>Emergency access to pupils within the reader's reach, newest first.</summary>
    public Task<List<EmergencyAccessLine>> RecentAsync(CancellationToken cancellationToken)
    {
        var pupils = db.Pupils.VisibleTo(staff, new AccessRequirement(RecordType.EmergencyAccess, Operation.Read)).Select(p => p.Id);
        return db.EmergencyAccessGrants.AsNoTracking().Where(g => pupils.Contains(g.PupilId))
            .OrderByDescending(g => g.GrantedUtc).Take(200)
            .Select(g => new EmergencyAccessLine(
                g.PupilId,
                (g.Pupil!.PreferredFirstName ?? g.Pupil.LegalFirstName) + " " + (g.Pupil.PreferredLastName ?? g.Pupil.LegalLastName),
                g.UserName, g.Reason, g.GrantedUtc, g.ExpiresUtc, g.EndedUtc))
            .ToListAsync(cancellationToken);
    }
}

public sealed record EmergencyAccessLine(Guid PupilId, string Pupil, string UserName, string Reason, DateTime GrantedUtc, DateTime ExpiresUtc, DateTime? EndedUtc);
