using System.Text.Json;
using Attune.Features.Pupils;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Incidents;

/// <summary>How a pupil was part of an incident.</summary>
public enum IncidentRole
{
    Involved,
    Affected,
    Witness,
}

/// <summary>How parents or carers were told.</summary>
public enum ContactMethod
{
    Phone,
    InPerson,
    Email,
    Letter,
    App,
}

/// <summary>A strategy tried during an incident, and whether it helped.</summary>
public sealed record StrategyTried(string Name, bool Helped);

/// <summary>
/// An incident: what happened, when and where, to and between which pupils, what came before and after, how the
/// pupil was regulated and which strategies helped. Positive recognition is recorded the same way, under a positive
/// type. The names of the school's options (type, severity, location, period) are kept as they were when it was
/// recorded, with the flags the trends count by, so renaming an option later never rewrites history.
/// Never deleted: a correction keeps what it said before (<see cref="IncidentAmendment"/>).
/// </summary>
public sealed class Incident : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }
    public DateOnly OccurredOn { get; set; }
    public TimeOnly OccurredAt { get; set; }
    public int? DurationMinutes { get; set; }

    public required string TypeName { get; set; }
    public bool Positive { get; set; }
    public bool Dysregulation { get; set; }
    public required string SeverityName { get; set; }

    /// <summary>The severity's place in the school's list at the time, 1 the least severe.</summary>
    public int SeverityRank { get; set; }
    public required string LocationName { get; set; }
    public bool OffSite { get; set; }
    public string? PeriodName { get; set; }
    public bool Unstructured { get; set; }
    public string? Lesson { get; set; }

    public string? Antecedent { get; set; }
    public required string Behaviour { get; set; }
    public string? Consequence { get; set; }
    public string? Triggers { get; set; }
    public List<StrategyTried> Strategies { get; set; } = [];
    public string? OtherStrategies { get; set; }
    public string? Injuries { get; set; }
    public string? Damage { get; set; }

    public bool ParentsInformed { get; set; }
    public string? ParentsInformedWho { get; set; }
    public DateTime? ParentsInformedUtc { get; set; }
    public ContactMethod? ParentsInformedHow { get; set; }

    public string? FollowUp { get; set; }
    public DateTime? FollowUpDoneUtc { get; set; }
    public string? FollowUpDoneByName { get; set; }

    public Guid RecordedByUserId { get; set; }
    public required string RecordedByName { get; set; }
    public DateTime RecordedUtc { get; set; }

    public DateTime? EnteredInErrorUtc { get; set; }
    public string? EnteredInErrorReason { get; set; }
    public string? EnteredInErrorByName { get; set; }
    public int Version { get; set; }

    public List<IncidentPupil> Pupils { get; set; } = [];
    public List<IncidentStaff> Staff { get; set; } = [];
    public PhysicalIntervention? Intervention { get; set; }
    public List<RestorativeRecord> Restorative { get; set; } = [];
    public List<IncidentAmendment> Amendments { get; set; } = [];

    public DateTime OccurredLocal => OccurredOn.ToDateTime(OccurredAt);

    public static string Name(IncidentRole role) => role switch
    {
        IncidentRole.Affected => "Affected",
        IncidentRole.Witness => "Witness",
        _ => "Involved",
    };

    public static string Name(ContactMethod method) => method switch
    {
        ContactMethod.InPerson => "In person",
        ContactMethod.Email => "Email",
        ContactMethod.Letter => "Letter",
        ContactMethod.App => "School app or message",
        _ => "Phone",
    };
}

/// <summary>A pupil in an incident, their part in it and, for a pupil involved, their stage of regulation.</summary>
public sealed class IncidentPupil
{
    public Guid IncidentId { get; set; }
    public Guid PupilId { get; set; }
    public IncidentRole Role { get; set; }
    public string? Stage { get; set; }
    public Pupil? Pupil { get; set; }
}

/// <summary>A member of staff involved in an incident; they may read it afterwards.</summary>
public sealed class IncidentStaff
{
    public Guid IncidentId { get; set; }
    public Guid StaffUserId { get; set; }
    public required string Name { get; set; }
}

/// <summary>
/// Use of reasonable force (DfE "Use of reasonable force", 2013): the technique, who used it and for how long, why it
/// was necessary, injuries, the debriefs and whether parents were told the same day. A pastoral lead reviews every one.
/// </summary>
public sealed class PhysicalIntervention
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid IncidentId { get; set; }
    public Guid SchoolId { get; set; }
    public Guid PupilId { get; set; }
    public required string Technique { get; set; }
    public TimeOnly StartedAt { get; set; }
    public TimeOnly EndedAt { get; set; }
    public required string Reason { get; set; }
    public string? Injuries { get; set; }
    public string? PupilDebrief { get; set; }
    public string? StaffDebrief { get; set; }
    public bool ParentsInformedSameDay { get; set; }
    public List<InterventionStaff> Staff { get; set; } = [];
    public Guid? ReviewedByUserId { get; set; }
    public string? ReviewedByName { get; set; }
    public DateTime? ReviewedUtc { get; set; }
    public string? ReviewNote { get; set; }
    public Incident? Incident { get; set; }

    public int Minutes => (int)Math.Round((EndedAt - StartedAt).TotalMinutes);
}

/// <summary>A member of staff who used the physical intervention, for the report per member of staff.</summary>
public sealed record InterventionStaff(Guid UserId, string Name);

public enum RestorativeKind
{
    Conversation,
    Reflection,
}

/// <summary>
/// Restorative follow-up to an incident: a restorative conversation (what happened, who was affected and how, what
/// is needed to put it right, the repair agreed and by when, and whether it was done) or a pupil's reflection, with
/// the pupil's view in their words.
/// </summary>
public sealed class RestorativeRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid IncidentId { get; set; }
    public Guid? PupilId { get; set; }
    public RestorativeKind Kind { get; set; }
    public DateOnly HeldOn { get; set; }
    public required string WhatHappened { get; set; }
    public string? WhoAffected { get; set; }
    public string? WhatNeeded { get; set; }
    public string? AgreedRepair { get; set; }
    public DateOnly? RepairByOn { get; set; }
    public DateTime? RepairDoneUtc { get; set; }
    public string? RepairDoneByName { get; set; }
    public string? PupilView { get; set; }
    public Guid RecordedByUserId { get; set; }
    public required string RecordedByName { get; set; }
    public DateTime RecordedUtc { get; set; }

    public static string Name(RestorativeKind kind) => kind == RestorativeKind.Reflection ? "Reflection" : "Restorative conversation";
}

/// <summary>A correction to an incident: the field, what it said before and after, why, by whom and when.</summary>
public sealed class IncidentAmendment
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid IncidentId { get; set; }
    public required string Field { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public required string Reason { get; set; }
    public required string ByName { get; set; }
    public DateTime RecordedUtc { get; set; }
}

public sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        foreach (var name in new[] { nameof(Incident.TypeName), nameof(Incident.SeverityName), nameof(Incident.LocationName), nameof(Incident.PeriodName) })
        {
            builder.Property(name).HasMaxLength(IncidentSettings.MaxName);
        }

        builder.Property(i => i.Lesson).HasMaxLength(Incidents.MaxShort);
        builder.Property(i => i.ParentsInformedWho).HasMaxLength(Incidents.MaxShort);
        builder.Property(i => i.ParentsInformedHow).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.RecordedByName).HasMaxLength(200);
        builder.Property(i => i.FollowUpDoneByName).HasMaxLength(200);
        builder.Property(i => i.EnteredInErrorByName).HasMaxLength(200);
        builder.Property(i => i.EnteredInErrorReason).HasMaxLength(Incidents.MaxText);
        foreach (var name in new[]
                 {
                     nameof(Incident.Antecedent), nameof(Incident.Behaviour), nameof(Incident.Consequence), nameof(Incident.Triggers), nameof(Incident.OtherStrategies),
                     nameof(Incident.Injuries), nameof(Incident.Damage), nameof(Incident.FollowUp),
                 })
        {
            builder.Property(name).HasMaxLength(Incidents.MaxText);
        }

        builder.Property(i => i.Strategies).AsJson(Json, new List<StrategyTried>());
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => new { i.SchoolId, i.OccurredOn });
        builder.HasIndex(i => i.RecordedByUserId);
        builder.HasMany(i => i.Pupils).WithOne().HasForeignKey(p => p.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Staff).WithOne().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(i => i.Intervention).WithOne(p => p.Incident).HasForeignKey<PhysicalIntervention>(p => p.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Restorative).WithOne().HasForeignKey(r => r.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Amendments).WithOne().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class IncidentPupilConfiguration : IEntityTypeConfiguration<IncidentPupil>
{
    public void Configure(EntityTypeBuilder<IncidentPupil> builder)
    {
        builder.HasKey(p => new { p.IncidentId, p.PupilId });
        builder.HasIndex(p => p.PupilId);
        builder.Property(p => p.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Stage).HasMaxLength(IncidentSettings.MaxName);
        builder.HasOne(p => p.Pupil).WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class IncidentStaffConfiguration : IEntityTypeConfiguration<IncidentStaff>
{
    public void Configure(EntityTypeBuilder<IncidentStaff> builder)
    {
        builder.HasKey(s => new { s.IncidentId, s.StaffUserId });
        builder.HasIndex(s => s.StaffUserId);
        builder.Property(s => s.Name).HasMaxLength(200);
    }
}

public sealed class PhysicalInterventionConfiguration : IEntityTypeConfiguration<PhysicalIntervention>
{
    public void Configure(EntityTypeBuilder<PhysicalIntervention> builder)
    {
        builder.Property(p => p.Technique).HasMaxLength(IncidentSettings.MaxName);
        foreach (var name in new[] { nameof(PhysicalIntervention.Reason), nameof(PhysicalIntervention.Injuries), nameof(PhysicalIntervention.PupilDebrief), nameof(PhysicalIntervention.StaffDebrief), nameof(PhysicalIntervention.ReviewNote) })
        {
            builder.Property(name).HasMaxLength(Incidents.MaxText);
        }

        builder.Property(p => p.ReviewedByName).HasMaxLength(200);
        builder.Property(p => p.Staff).AsJson(IncidentConfiguration.Json, new List<InterventionStaff>());
        builder.HasIndex(p => new { p.SchoolId, p.ReviewedUtc });
        builder.HasIndex(p => p.PupilId);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class RestorativeRecordConfiguration : IEntityTypeConfiguration<RestorativeRecord>
{
    public void Configure(EntityTypeBuilder<RestorativeRecord> builder)
    {
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        foreach (var name in new[] { nameof(RestorativeRecord.WhatHappened), nameof(RestorativeRecord.WhoAffected), nameof(RestorativeRecord.WhatNeeded), nameof(RestorativeRecord.AgreedRepair), nameof(RestorativeRecord.PupilView) })
        {
            builder.Property(name).HasMaxLength(Incidents.MaxText);
        }

        builder.Property(r => r.RecordedByName).HasMaxLength(200);
        builder.Property(r => r.RepairDoneByName).HasMaxLength(200);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class IncidentAmendmentConfiguration : IEntityTypeConfiguration<IncidentAmendment>
{
    public void Configure(EntityTypeBuilder<IncidentAmendment> builder)
    {
        builder.Property(a => a.Field).HasMaxLength(40);
        builder.Property(a => a.Before).HasMaxLength(Incidents.MaxText);
        builder.Property(a => a.After).HasMaxLength(Incidents.MaxText);
        builder.Property(a => a.Reason).HasMaxLength(Incidents.MaxShort);
        builder.Property(a => a.ByName).HasMaxLength(200);
    }
}
