using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Keywork;

/// <summary>The kinds of keywork document whose every version is kept.</summary>
public enum DocumentKind
{
    Passport,
    RegulationPlan,
    RiskAssessment,
    SupportPlan,
}

/// <summary>
/// A keywork document with a current version and a kept history (a passport, a regulation plan): each save
/// makes a new <see cref="DocumentVersion"/>, and an edit from an older version is refused, not merged.
/// </summary>
public interface IKeyworkDocument : IVersioned
{
    Guid Id { get; }
    Guid PupilId { get; }
    DateOnly ReviewDueOn { get; set; }

    /// <summary>The number of the current version, counting from 1: what people call "version 3".</summary>
    int Number { get; set; }
    DateTime UpdatedUtc { get; set; }
    Guid UpdatedByUserId { get; set; }
    string UpdatedByName { get; set; }
}

/// <summary>
/// One saved version of a keywork document: the whole content as it was saved (JSON, in the shape the API
/// uses), by whom and when, and the saver's note on what changed. Never updated or deleted.
/// </summary>
public sealed class DocumentVersion
{
    public const int MaxChangeNote = 500;

    public Guid Id { get; set; } = Guid.NewGuid();
    public DocumentKind Kind { get; set; }
    public Guid DocumentId { get; set; }
    public Guid PupilId { get; set; }
    public int Number { get; set; }
    public required string Content { get; set; }
    public DateOnly? ReviewDueOn { get; set; }
    public DateTime SavedUtc { get; set; }
    public Guid SavedByUserId { get; set; }
    public required string SavedByName { get; set; }
    public string? ChangeNote { get; set; }

    /// <summary>Makes <paramref name="content"/> the document's next version, saved by the given member of staff now.</summary>
    public static void Record(AppDbContext db, DocumentKind kind, IKeyworkDocument document, string content, string? changeNote, Guid userId, string userName, DateTime now)
    {
        document.Number++;
        document.UpdatedUtc = now;
        document.UpdatedByUserId = userId;
        document.UpdatedByName = userName;
        db.DocumentVersions.Add(new DocumentVersion
        {
            Kind = kind,
            DocumentId = document.Id,
            PupilId = document.PupilId,
            Number = document.Number,
            Content = content,
            ReviewDueOn = document.ReviewDueOn,
            SavedUtc = now,
            SavedByUserId = userId,
            SavedByName = userName,
            ChangeNote = changeNote,
        });
    }

    /// <summary>Every version of a pupil's document of this kind, oldest first.</summary>
    public static Task<List<DocumentVersion>> OfAsync(AppDbContext db, DocumentKind kind, Guid pupilId, CancellationToken cancellationToken) =>
        db.DocumentVersions.AsNoTracking().Where(v => v.Kind == kind && v.PupilId == pupilId).OrderBy(v => v.Number).ToListAsync(cancellationToken);

    /// <summary>The review date rule every keywork document shares: required, from today to two years ahead. Errors go under <c>ReviewDueOn</c>.</summary>
    public static void CheckReviewDate(DateOnly? reviewDueOn, DateOnly today, string what, IDictionary<string, string> errors)
    {
        if (reviewDueOn is not { } review)
        {
            errors["ReviewDueOn"] = $"Enter the date the {what} is next due for review";
        }
        else if (review < today)
        {
            errors["ReviewDueOn"] = "The review date must be today or later";
        }
        else if (review > today.AddYears(2))
        {
            errors["ReviewDueOn"] = "The review date must be within two years";
        }
    }

    /// <summary>Saves, or answers false when someone else saved the same document first (its version moved on, or a first version raced another).</summary>
    public static async Task<bool> TrySaveAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException error) when (error is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(error))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}

public sealed class DocumentVersionConfiguration : IEntityTypeConfiguration<DocumentVersion>
{
    public void Configure(EntityTypeBuilder<DocumentVersion> builder)
    {
        builder.Property(v => v.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(v => v.SavedByName).HasMaxLength(200);
        builder.Property(v => v.ChangeNote).HasMaxLength(DocumentVersion.MaxChangeNote);
        builder.HasIndex(v => new { v.Kind, v.DocumentId, v.Number }).IsUnique();
        builder.HasIndex(v => v.PupilId);
    }
}
