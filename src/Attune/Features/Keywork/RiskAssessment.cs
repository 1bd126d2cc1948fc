using System.Text.Json;
using Attune.Features.Pupils;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Keywork;

public enum RiskKind
{
    SelfHarm,
    Absconding,
    HarmToOthers,
    Medical,
    OffSite,
    Other,
}

/// <summary>One hazard: rated before (likelihood x severity, 1 to 5 each) and after (residual) its control measures.</summary>
public sealed record Hazard(string Description, string? WhoAtRisk, int Likelihood, int Severity, string? Controls, int ResidualLikelihood, int ResidualSeverity)
{
    public int Rating => Likelihood * Severity;
    public int ResidualRating => ResidualLikelihood * ResidualSeverity;
}

/// <summary>What a risk assessment says, as stored in each version and sent through the API.</summary>
public sealed record RiskAssessmentContent(string Title, string? Context, IReadOnlyList<Hazard> Hazards)
{
    public static readonly RiskAssessmentContent Empty = new("", null, []);

    /// <summary>The highest residual rating of any hazard: the risk that remains with the controls in place.</summary>
    public int ResidualRating => Hazards.Count == 0 ? 0 : Hazards.Max(h => h.ResidualRating);
}

/// <summary>
/// A pupil risk assessment. A pupil may have several (self-harm and off-site, say), each with its own versions,
/// owner, review date, named staff it is shared with, and a pastoral lead's sign-off of a particular version.
/// </summary>
public sealed class RiskAssessment : IKeyworkDocument
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid SchoolId { get; set; }
    public RiskKind Kind { get; set; }
    public RiskAssessmentContent Content { get; set; } = RiskAssessmentContent.Empty;
    public Guid OwnerUserId { get; set; }
    public required string OwnerName { get; set; }
    public DateOnly ReviewDueOn { get; set; }
    public int Number { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid UpdatedByUserId { get; set; }
    public required string UpdatedByName { get; set; }

    /// <summary>The version a pastoral lead signed off; when it is not <see cref="Number"/>, the current version awaits sign-off.</summary>
    public int? SignedOffNumber { get; set; }
    public DateTime? SignedOffUtc { get; set; }
    public string? SignedOffByName { get; set; }

    /// <summary>Set when the risk no longer needs managing; the assessment and its versions are kept.</summary>
    public DateTime? ClosedUtc { get; set; }
    public string? ClosedByName { get; set; }
    public int Version { get; set; }
    public List<RiskAssessmentShare> SharedWith { get; set; } = [];

    public bool AwaitingSignOff => SignedOffNumber != Number;

    public static string Name(RiskKind kind) => kind switch
    {
        RiskKind.SelfHarm => "Self-harm",
        RiskKind.HarmToOthers => "Harm to others",
        RiskKind.OffSite => "Off-site",
        _ => kind.ToString(),
    };

    /// <summary>The band of a likelihood x severity rating on the 5 x 5 matrix.</summary>
    public static string Band(int rating) => rating switch
    {
        <= 0 => "Not rated",
        <= 4 => "Low",
        <= 9 => "Medium",
        <= 16 => "High",
        _ => "Very high",
    };

    /// <summary>The GOV.UK tag colour for a rating's band.</summary>
    public static string TagClass(int rating) => Band(rating) switch
    {
        "Low" => "govuk-tag--green",
        "Medium" => "govuk-tag--yellow",
        "High" => "govuk-tag--orange",
        "Very high" => "govuk-tag--red",
        _ => "govuk-tag--grey",
    };
}

/// <summary>A member of staff a risk assessment is shared with by name: they may read it.</summary>
public sealed class RiskAssessmentShare
{
    public Guid RiskAssessmentId { get; set; }
    public Guid StaffUserId { get; set; }
}

public sealed class RiskAssessmentConfiguration : IEntityTypeConfiguration<RiskAssessment>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<RiskAssessment> builder)
    {
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.OwnerName).HasMaxLength(200);
        builder.Property(r => r.UpdatedByName).HasMaxLength(200);
        builder.Property(r => r.SignedOffByName).HasMaxLength(200);
        builder.Property(r => r.ClosedByName).HasMaxLength(200);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.Content).AsJson(Json, RiskAssessmentContent.Empty);
        builder.HasIndex(r => new { r.PupilId, r.ClosedUtc });
        builder.HasIndex(r => new { r.SchoolId, r.ReviewDueOn });
        builder.HasOne<Pupil>().WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.SharedWith).WithOne().HasForeignKey(s => s.RiskAssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class RiskAssessmentShareConfiguration : IEntityTypeConfiguration<RiskAssessmentShare>
{
    public void Configure(EntityTypeBuilder<RiskAssessmentShare> builder)
    {
        builder.HasKey(s => new { s.RiskAssessmentId, s.StaffUserId });
        builder.HasIndex(s => s.StaffUserId);
    }
}
