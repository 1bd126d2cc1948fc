using Attune.Features.Pupils;
using Attune.Features.Safeguarding;
using Attune.Features.Schools;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Identity;
using Attune.Platform.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Attune.Platform.Data;

/// <summary>
/// The unit of work for every feature. Provider-specific subclasses exist only so that each provider
/// keeps its own migrations (docs/adr/0002-migrations-per-provider.md).
/// </summary>
public abstract class AppDbContext(DbContextOptions options, AuditTrail auditTrail)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Trust> Trusts => Set<Trust>();
    public DbSet<School> Schools => Set<School>();
    public DbSet<AcademicYear> AcademicYears => Set<AcademicYear>();
    public DbSet<YearGroup> YearGroups => Set<YearGroup>();
    public DbSet<Form> Forms => Set<Form>();
    public DbSet<Pupil> Pupils => Set<Pupil>();
    public DbSet<PupilPhoto> PupilPhotos => Set<PupilPhoto>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<PupilContact> PupilContacts => Set<PupilContact>();
    public DbSet<KeyworkerAllocation> KeyworkerAllocations => Set<KeyworkerAllocation>();
    public DbSet<TeachingGroup> TeachingGroups => Set<TeachingGroup>();
    public DbSet<TeachingGroupPupil> TeachingGroupPupils => Set<TeachingGroupPupil>();
    public DbSet<TeachingGroupStaff> TeachingGroupStaff => Set<TeachingGroupStaff>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();
    public DbSet<Concern> Concerns => Set<Concern>();
    public DbSet<ConcernPupil> ConcernPupils => Set<ConcernPupil>();
    public DbSet<ConcernCategory> ConcernCategories => Set<ConcernCategory>();
    public DbSet<ConcernReading> ConcernReadings => Set<ConcernReading>();
    public DbSet<ConcernDecision> ConcernDecisions => Set<ConcernDecision>();
    public DbSet<SafeguardingAction> SafeguardingActions => Set<SafeguardingAction>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<ReferralUpdate> ReferralUpdates => Set<ReferralUpdate>();
    public DbSet<ReferralAlert> ReferralAlerts => Set<ReferralAlert>();
    public DbSet<SafeguardingMeeting> SafeguardingMeetings => Set<SafeguardingMeeting>();
    public DbSet<ConcernAmendment> ConcernAmendments => Set<ConcernAmendment>();
    public DbSet<PupilSafeguardingStatus> SafeguardingStatuses => Set<PupilSafeguardingStatus>();
    public DbSet<BodyMark> BodyMarks => Set<BodyMark>();
    public DbSet<ConcernAttachment> ConcernAttachments => Set<ConcernAttachment>();
    public DbSet<AttachmentContent> AttachmentContents => Set<AttachmentContent>();
    public DbSet<EmergencyAccessGrant> EmergencyAccessGrants => Set<EmergencyAccessGrant>();
    public DbSet<PupilLink> PupilLinks => Set<PupilLink>();
    public DbSet<ContinuumLevel> ContinuumLevels => Set<ContinuumLevel>();
    public DbSet<Features.Safeguarding.Transfer.ProtectionFileTransfer> ProtectionFileTransfers => Set<Features.Safeguarding.Transfer.ProtectionFileTransfer>();
    public DbSet<Features.Safeguarding.Transfer.ProtectionFilePackageContent> ProtectionFilePackages => Set<Features.Safeguarding.Transfer.ProtectionFilePackageContent>();
    public DbSet<Features.Safeguarding.Transfer.ReceivedProtectionFile> ReceivedProtectionFiles => Set<Features.Safeguarding.Transfer.ReceivedProtectionFile>();

    public DbSet<Features.Keywork.PupilPassport> PupilPassports => Set<Features.Keywork.PupilPassport>();
    public DbSet<Features.Keywork.DocumentVersion> DocumentVersions => Set<Features.Keywork.DocumentVersion>();
    public DbSet<Features.Keywork.KeyworkSession> KeyworkSessions => Set<Features.Keywork.KeyworkSession>();
    public DbSet<Features.Keywork.WellbeingCheckIn> WellbeingCheckIns => Set<Features.Keywork.WellbeingCheckIn>();
    public DbSet<Features.Keywork.KeyworkTheme> KeyworkThemes => Set<Features.Keywork.KeyworkTheme>();
    public DbSet<Features.Keywork.RegulationPlan> RegulationPlans => Set<Features.Keywork.RegulationPlan>();
    public DbSet<Features.Keywork.RegulationStage> RegulationStages => Set<Features.Keywork.RegulationStage>();
    public DbSet<Features.Keywork.RiskAssessment> RiskAssessments => Set<Features.Keywork.RiskAssessment>();
    public DbSet<Features.Keywork.RiskAssessmentShare> RiskAssessmentShares => Set<Features.Keywork.RiskAssessmentShare>();
    public DbSet<Features.Keywork.SupervisionEntry> SupervisionEntries => Set<Features.Keywork.SupervisionEntry>();
    public DbSet<Features.Keywork.SupportPlan> SupportPlans => Set<Features.Keywork.SupportPlan>();
    public DbSet<Features.Keywork.PupilVoiceEntry> PupilVoiceEntries => Set<Features.Keywork.PupilVoiceEntry>();
    public DbSet<Features.Keywork.AdulthoodGoal> AdulthoodGoals => Set<Features.Keywork.AdulthoodGoal>();
    public DbSet<Features.Keywork.GoalProgress> GoalProgress => Set<Features.Keywork.GoalProgress>();
    public DbSet<Features.Incidents.Incident> Incidents => Set<Features.Incidents.Incident>();
    public DbSet<Features.Incidents.IncidentPupil> IncidentPupils => Set<Features.Incidents.IncidentPupil>();
    public DbSet<Features.Incidents.IncidentStaff> IncidentStaff => Set<Features.Incidents.IncidentStaff>();
    public DbSet<Features.Incidents.PhysicalIntervention> PhysicalInterventions => Set<Features.Incidents.PhysicalIntervention>();
    public DbSet<Features.Incidents.RestorativeRecord> RestorativeRecords => Set<Features.Incidents.RestorativeRecord>();
    public DbSet<Features.Incidents.IncidentAmendment> IncidentAmendments => Set<Features.Incidents.IncidentAmendment>();
    public DbSet<Features.Incidents.IncidentOption> IncidentOptions => Set<Features.Incidents.IncidentOption>();
    public DbSet<Features.Incidents.IncidentAlertRules> IncidentAlertRules => Set<Features.Incidents.IncidentAlertRules>();
    public DbSet<Features.Incidents.IncidentAlert> IncidentAlerts => Set<Features.Incidents.IncidentAlert>();
    public DbSet<Features.Incidents.StaffBriefing> StaffBriefings => Set<Features.Incidents.StaffBriefing>();
    public DbSet<Features.Incidents.StaffBriefingRecipient> StaffBriefingRecipients => Set<Features.Incidents.StaffBriefingRecipient>();

    public AuditTrail AuditTrail { get; } = auditTrail;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is UTC; SQLite hands values back without a Kind, so say so on the way in.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: audit entries are chained asynchronously.");

    /// <summary>
    /// Saves the change and its audit entries in one transaction: every write is recorded, and the
    /// entries are hash-chained under a lock so the chain never forks.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        foreach (var entry in ChangeTracker.Entries<IVersioned>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.Version++;
        }

        var recorded = AuditTrail.TakePending();
        var pending = recorded.Concat(AuditTrail.DescribeWrites(ChangeTracker)).ToList();
        if (pending.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            await LockAuditChainAsync(cancellationToken);
            var head = await AuditEntries.AsNoTracking()
                .OrderByDescending(a => a.Sequence)
                .Select(a => new { a.Sequence, a.Hash })
                .FirstOrDefaultAsync(cancellationToken);
            AuditChain.Link(pending, head?.Sequence ?? 0, head?.Hash ?? AuditChain.GenesisHash);
            AuditEntries.AddRange(pending);
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return written;
        }
        catch
        {
            foreach (var entry in pending)
            {
                Entry(entry).State = EntityState.Detached;
            }

            AuditTrail.Restore(recorded);
            throw;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>Serialises writers of the audit chain until the transaction ends.</summary>
    protected abstract Task LockAuditChainAsync(CancellationToken cancellationToken);
}

internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
