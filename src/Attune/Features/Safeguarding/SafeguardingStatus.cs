using Attune.Features.Pupils;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Safeguarding;

/// <summary>The statutory and early help statuses a pupil can hold, each for a period.</summary>
public enum SafeguardingStatusKind
{
    ChildProtectionPlan,
    ChildInNeedPlan,
    EarlyHelp,
    LookedAfter,
    PreviouslyLookedAfter,
    OpenToSocialCare,
}

/// <summary>
/// A pupil's safeguarding status for a period: on a child protection plan from a date, looked after, and so on.
/// Seen only by the DSL team. A status is ended, never deleted, so the chronology shows when each began and ended.
/// </summary>
public sealed class PupilSafeguardingStatus : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public SafeguardingStatusKind Kind { get; set; }
    public DateOnly StartedOn { get; set; }
    public DateOnly? EndedOn { get; set; }
    public string? Note { get; set; }
    public DateTime RecordedUtc { get; set; }
    public required string RecordedByName { get; set; }
    public string? EndedByName { get; set; }
    public int Version { get; set; }

    public bool IsCurrent(DateOnly today) => StartedOn <= today && (EndedOn is null || EndedOn >= today);

    public static string Name(SafeguardingStatusKind kind) => kind switch
    {
        SafeguardingStatusKind.ChildProtectionPlan => "Child protection plan",
        SafeguardingStatusKind.ChildInNeedPlan => "Child in need plan",
        SafeguardingStatusKind.EarlyHelp => "Early Help",
        SafeguardingStatusKind.LookedAfter => "Looked after",
        SafeguardingStatusKind.PreviouslyLookedAfter => "Previously looked after",
        _ => "Open to social care",
    };
}

public sealed class PupilSafeguardingStatusConfiguration : IEntityTypeConfiguration<PupilSafeguardingStatus>
{
    public void Configure(EntityTypeBuilder<PupilSafeguardingStatus> builder)
    {
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Note).HasMaxLength(ConcernLimits.Action);
        builder.Property(s => s.RecordedByName).HasMaxLength(200);
        builder.Property(s => s.EndedByName).HasMaxLength(200);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.PupilId, s.StartedOn });
        builder.HasOne(s => s.Pupil).WithMany().HasForeignKey(s => s.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Starting and ending a pupil's safeguarding statuses; each is kept with its dates, never deleted.</summary>
public sealed class SafeguardingStatuses(AppDbContext db, Platform.Authorization.StaffContext staff, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(Platform.Web.LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));

    /// <summary>Whether the member of staff may change this pupil's statuses (the DSL team in scope).</summary>
    public Task<bool> MayChangeAsync(Guid pupilId, CancellationToken cancellationToken) =>
        db.Pupils.Within(staff, staff.GrantFor(Platform.Authorization.RecordType.SafeguardingStatus, Platform.Authorization.Operation.Amend))
            .AnyAsync(p => p.Id == pupilId, cancellationToken);

    public async Task<CaseworkOutcome<PupilSafeguardingStatus>> StartAsync(Guid pupilId, SafeguardingStatusKind? kind, DateOnly? startedOn, string? note,
        IReadOnlyDictionary<string, string>? inputErrors, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(inputErrors ?? new Dictionary<string, string>());
        if (kind is null)
        {
            errors["Kind"] = "Select the status";
        }
        else if (await db.SafeguardingStatuses.AnyAsync(s => s.PupilId == pupilId && s.Kind == kind && s.EndedOn == null, cancellationToken))
        {
            errors["Kind"] = $"{PupilSafeguardingStatus.Name(kind.Value)} is already current. End it first to record a new period";
        }

        if (startedOn is null)
        {
            errors.TryAdd("StartedOn", "Enter the date it started, like 3/11/2026");
        }
        else if (startedOn > Today)
        {
            errors["StartedOn"] = "The start date must be today or earlier";
        }

        var (text, noteError) = Platform.Web.TextInput.Clean(note, ConcernLimits.Action, multiline: true);
        if (noteError is not null)
        {
            errors["Note"] = "The note " + noteError;
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var status = new PupilSafeguardingStatus
        {
            PupilId = pupilId,
            Kind = kind!.Value,
            StartedOn = startedOn!.Value,
            Note = text,
            RecordedUtc = clock.GetUtcNow().UtcDateTime,
            RecordedByName = staff.User!.DisplayName,
        };
        db.SafeguardingStatuses.Add(status);
        await db.SaveChangesAsync(cancellationToken);
        return new(status, errors);
    }

    public async Task<CaseworkOutcome<PupilSafeguardingStatus>> EndAsync(Guid pupilId, Guid statusId, int version, DateOnly? endedOn, CancellationToken cancellationToken)
    {
        var status = await db.SafeguardingStatuses.FirstOrDefaultAsync(s => s.Id == statusId && s.PupilId == pupilId, cancellationToken);
        var errors = new Dictionary<string, string>();
        if (status is null || status.EndedOn is not null)
        {
            errors["EndedOn"] = "That status is not current";
            return new(null, errors);
        }

        if (endedOn is null)
        {
            errors["EndedOn"] = "Enter the date it ended, like 3/11/2026";
        }
        else if (endedOn < status.StartedOn)
        {
            errors["EndedOn"] = $"The end date must be on or after it started ({status.StartedOn:d MMM yyyy})";
        }
        else if (endedOn > Today)
        {
            errors["EndedOn"] = "The end date must be today or earlier";
        }

        if (status.Version != version)
        {
            return new(null, errors, Conflict: true);
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        status.EndedOn = endedOn;
        status.EndedByName = staff.User!.DisplayName;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new(status, errors);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(null, errors, Conflict: true);
        }
    }
}
