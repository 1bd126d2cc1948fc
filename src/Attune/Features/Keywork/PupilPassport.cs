using System.Text.Json;
using Attune.Features.Pupils;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Keywork;

/// <summary>One part of a pupil passport: a question the keyworker answers with the pupil.</summary>
/// <param name="Key">The field's name in forms, the API and stored versions; never changes once released.</param>
/// <param name="InClass">Shown on the need-to-know passport that teaching staff see.</param>
public sealed record PassportField(string Key, string Section, string Label, string Hint, bool InClass, int MaxLength = 2_000);

/// <summary>
/// A pupil passport (one-page profile): the pupil in their own words, their strengths, needs and what helps,
/// and their holistic needs. The current version lives here; every saved version, this one included, is kept
/// as a <see cref="DocumentVersion"/>. Each pupil has one passport.
/// </summary>
public sealed class PupilPassport : IKeyworkDocument
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid PupilId { get; set; }
    public Guid SchoolId { get; set; }

    /// <summary>The answers, by <see cref="PassportField.Key"/>; unanswered fields are absent.</summary>
    public Dictionary<string, string> Content { get; set; } = [];
    public DateOnly ReviewDueOn { get; set; }

    /// <summary>The number of the current version, counting from 1: what people call "version 3".</summary>
    public int Number { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid UpdatedByUserId { get; set; }
    public required string UpdatedByName { get; set; }
    public int Version { get; set; }

    public string? this[string key] => Content.TryGetValue(key, out var value) ? value : null;

    /// <summary>The questions, in the order the passport asks them.</summary>
    public static readonly IReadOnlyList<PassportField> Fields =
    [
        new("aboutMe", "About me", "In my own words", "In the pupil's own words: what they want people to know about them.", true, 4_000),
        new("strengths", "About me", "My strengths", "What the pupil is good at and proud of; what others appreciate about them.", true),
        new("interests", "About me", "My interests", "What they enjoy, in and out of school: useful for building relationships.", true),
        new("learningNeeds", "My needs", "Learning and SEN needs", "Needs that affect learning in class, with any agreed adjustments.", true),
        new("communicationNeeds", "My needs", "Communication needs", "How the pupil communicates best and how to talk with them.", true),
        new("semhNeeds", "My needs", "Social, emotional and mental health needs", "Seen by pastoral and safeguarding staff only.", false),
        new("developmentalStage", "My needs", "Developmental stage", "Notes on the pupil's developmental stage, which may differ from their age. Pastoral and safeguarding staff only.", false),
        new("whatHelps", "Supporting me", "What helps me", "What adults can do that helps: strategies that work.", true),
        new("whatDoesNotHelp", "Supporting me", "What does not help me", "What to avoid.", true),
        new("triggers", "Supporting me", "Triggers", "Situations that can upset or dysregulate the pupil.", true),
        new("earlyWarningSigns", "Supporting me", "Early warning signs", "How the pupil looks or behaves when they are starting to struggle.", true),
        new("trustedAdults", "Supporting me", "Trusted adults", "Who the pupil goes to in school when they need help.", true),
        new("healthConditions", "Health", "Health conditions staff must know about", "For example asthma, epilepsy, diabetes: what to look out for and do. Medication is recorded separately.", true),
        new("allergies", "Health", "Allergies", "What the pupil is allergic to and how severe the reaction is.", true),
        new("dietaryRequirements", "Diet", "Dietary requirements", "Food the pupil cannot or does not eat, and why (medical, sensory).", true),
        new("culturalDiet", "Diet", "Religious or cultural diet", "For example halal, kosher, vegetarian.", true),
        new("observances", "Religion and culture", "Religious and cultural observances", "Observances, prayer times and festivals staff should know about.", true),
        new("fastingPeriods", "Religion and culture", "Fasting periods", "When the pupil fasts (for example Ramadan) and what that means in school, such as PE and lunchtimes.", true),
        new("otherCareNeeds", "Other care needs", "Other care needs", "Personal care or anything else staff supporting the pupil need to know. Pastoral and safeguarding staff only.", false),
    ];

    public static readonly IReadOnlySet<string> Keys = Fields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
}

public sealed class PupilPassportConfiguration : IEntityTypeConfiguration<PupilPassport>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<PupilPassport> builder)
    {
        builder.HasIndex(p => p.PupilId).IsUnique();
        builder.HasIndex(p => new { p.SchoolId, p.ReviewDueOn });
        builder.HasIndex(p => new { p.SchoolId, p.UpdatedUtc });
        builder.HasOne<Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.UpdatedByName).HasMaxLength(200);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Property(p => p.Content)
            .HasConversion(
                content => Serialize(content),
                json => JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json) ?? new Dictionary<string, string>(),
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => Serialize(a!) == Serialize(b!),
                    content => Serialize(content).GetHashCode(StringComparison.Ordinal),
                    content => new Dictionary<string, string>(content)));
    }

    /// <summary>Content as JSON with its keys in a fixed order, so equal content is equal text.</summary>
    public static string Serialize(IReadOnlyDictionary<string, string> content) =>
        JsonSerializer.Serialize(content.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value), Json);

    public static Dictionary<string, string> Deserialize(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json) ?? [];
}
