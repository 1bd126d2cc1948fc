using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Safeguarding;

public enum LinkKind
{
    Sibling,
    HalfSibling,
    StepSibling,
    SameHousehold,
    Cousin,
    Other,
}

/// <summary>
/// Two pupils the DSL team links (siblings, one household), so each one's chronology points to the other's
/// concerns without copying them: each reader still sees only what they may. A link is ended, never deleted.
/// Stored once per pair, the lower id first.
/// </summary>
public sealed class PupilLink
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid FirstPupilId { get; set; }
    public Guid SecondPupilId { get; set; }
    public LinkKind Kind { get; set; }
    public string? Note { get; set; }
    public DateTime CreatedUtc { get; set; }
    public required string CreatedByName { get; set; }
    public DateTime? EndedUtc { get; set; }
    public string? EndedByName { get; set; }

    public Guid Other(Guid pupilId) => pupilId == FirstPupilId ? SecondPupilId : FirstPupilId;

    public static string Name(LinkKind kind) => kind switch
    {
        LinkKind.HalfSibling => "Half-sibling",
        LinkKind.StepSibling => "Step-sibling",
        LinkKind.SameHousehold => "Same household",
        _ => kind.ToString(),
    };
}

public sealed class PupilLinkConfiguration : IEntityTypeConfiguration<PupilLink>
{
    public void Configure(EntityTypeBuilder<PupilLink> builder)
    {
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(l => l.Note).HasMaxLength(LinkedPupils.MaxNote);
        builder.Property(l => l.CreatedByName).HasMaxLength(200);
        builder.Property(l => l.EndedByName).HasMaxLength(200);
        builder.HasIndex(l => new { l.FirstPupilId, l.SecondPupilId });
        builder.HasIndex(l => l.SecondPupilId);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(l => l.FirstPupilId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pupil>().WithMany().HasForeignKey(l => l.SecondPupilId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A linked pupil as a chronology shows them, with the concerns about them the reader may see.</summary>
public sealed record LinkedPupil(Guid LinkId, Guid PupilId, string Name, string YearGroup, LinkKind Kind, string? Note, IReadOnlyList<LinkedConcern> Concerns);

public sealed record LinkedConcern(Guid Id, DateOnly OccurredOn, string Category, ConcernStatus Status, bool EnteredInError);

/// <summary>A pupil who may be a sibling: they share a parent or carer on record.</summary>
public sealed record SuggestedLink(Guid PupilId, string Name, string YearGroup, string SharedContact);

/// <summary>Links between pupils for the DSL team: making and ending them, and what a chronology shows of them.</summary>
public sealed class LinkedPupils(AppDbContext db, StaffContext staff, TimeProvider clock)
{
    public const int MaxNote = 500;
    public static readonly AccessRequirement Read = new(RecordType.LinkedPupils, Operation.Read);
    public static readonly AccessRequirement Amend = new(RecordType.LinkedPupils, Operation.Amend);

    /// <summary>The pupil's current links to pupils the reader may also reach, with each one's concerns the reader may read.</summary>
    public async Task<IReadOnlyList<LinkedPupil>> ForPupilAsync(Guid pupilId, CancellationToken cancellationToken)
    {
        var reachable = db.Pupils.VisibleTo(staff, Read);
        if (!await reachable.AnyAsync(p => p.Id == pupilId, cancellationToken))
        {
            return [];
        }

        var links = await db.PupilLinks.AsNoTracking()
            .Where(l => l.EndedUtc == null && (l.FirstPupilId == pupilId || l.SecondPupilId == pupilId))
            .ToListAsync(cancellationToken);
        var otherIds = links.Select(l => l.Other(pupilId)).ToList();
        var others = await PupilChoice.From(reachable.Where(p => otherIds.Contains(p.Id))).ToListAsync(cancellationToken);
        var visible = db.Concerns.VisibleTo(staff, Operation.Read).Select(c => c.Id);
        var concerns = await (
                from cp in db.ConcernPupils.AsNoTracking()
                join c in db.Concerns on cp.ConcernId equals c.Id
                where otherIds.Contains(cp.PupilId) && visible.Contains(c.Id)
                select new { cp.PupilId, c.Id, c.OccurredOn, Category = c.Category!.Name, c.Status, InError = c.EnteredInErrorUtc != null })
            .ToListAsync(cancellationToken);
        return [.. links
            .Select(l => (Link: l, Pupil: others.FirstOrDefault(o => o.Id == l.Other(pupilId))))
            .Where(x => x.Pupil is not null)
            .OrderBy(x => x.Pupil!.Name, StringComparer.Ordinal)
            .Select(x => new LinkedPupil(x.Link.Id, x.Pupil!.Id, x.Pupil.Name, x.Pupil.YearGroup, x.Link.Kind, x.Link.Note,
                [.. concerns.Where(c => c.PupilId == x.Pupil.Id).OrderByDescending(c => c.OccurredOn)
                    .Select(c => new LinkedConcern(c.Id, c.OccurredOn, c.Category, c.Status, c.InError))]))];
    }

    /// <summary>Pupils in reach who share a parent or carer with this pupil and are not linked yet.</summary>
    public async Task<IReadOnlyList<SuggestedLink>> SuggestionsAsync(Guid pupilId, CancellationToken cancellationToken)
    {
        var linked = db.PupilLinks.Where(l => l.EndedUtc == null && (l.FirstPupilId == pupilId || l.SecondPupilId == pupilId))
            .Select(l => l.FirstPupilId == pupilId ? l.SecondPupilId : l.FirstPupilId);
        var contacts = db.PupilContacts.Where(pc => pc.PupilId == pupilId).Select(pc => pc.ContactId);
        var rows = await db.PupilContacts.AsNoTracking()
            .Where(pc => contacts.Contains(pc.ContactId) && pc.PupilId != pupilId && !linked.Contains(pc.PupilId))
            .Select(pc => new { pc.PupilId, Contact = pc.Contact!.FirstName + " " + pc.Contact.LastName })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.PupilId).Distinct().ToList();
        var pupils = await PupilChoice.From(db.Pupils.AsNoTracking().VisibleTo(staff, Amend).Where(p => ids.Contains(p.Id))).ToListAsync(cancellationToken);
        return [.. pupils.OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new SuggestedLink(p.Id, p.Name, p.YearGroup, string.Join(", ", rows.Where(r => r.PupilId == p.Id).Select(r => r.Contact).Distinct().Order(StringComparer.Ordinal))))];
    }

    /// <summary>Links two pupils the member of staff may both work on; errors are keyed by field.</summary>
    public async Task<IReadOnlyDictionary<string, string>> LinkAsync(Guid pupilId, Guid? otherId, LinkKind? kind, string? note, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var reachable = db.Pupils.VisibleTo(staff, Amend);
        if (otherId is not { } other || other == pupilId || !await reachable.AnyAsync(p => p.Id == other, cancellationToken))
        {
            errors["OtherPupilId"] = "Choose the pupil to link";
        }
        else if (!await reachable.AnyAsync(p => p.Id == pupilId, cancellationToken))
        {
            throw new NotFoundException();
        }

        if (kind is null)
        {
            errors["Kind"] = "Select how they are linked";
        }

        var (cleaned, noteError) = TextInput.Clean(note, MaxNote, multiline: true);
        if (noteError is not null)
        {
            errors["Note"] = "The note " + noteError;
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var (first, second) = pupilId.CompareTo(otherId!.Value) < 0 ? (pupilId, otherId.Value) : (otherId.Value, pupilId);
        if (await db.PupilLinks.AnyAsync(l => l.EndedUtc == null && l.FirstPupilId == first && l.SecondPupilId == second, cancellationToken))
        {
            errors["OtherPupilId"] = "These pupils are already linked";
            return errors;
        }

        db.PupilLinks.Add(new PupilLink
        {
            FirstPupilId = first, SecondPupilId = second, Kind = kind!.Value, Note = cleaned,
            CreatedUtc = clock.GetUtcNow().UtcDateTime, CreatedByName = staff.User!.DisplayName,
        });
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>Ends a link of this pupil's; the link stays in history. False when there is no such current link.</summary>
    public async Task<bool> EndAsync(Guid pupilId, Guid linkId, CancellationToken cancellationToken)
    {
        var reachable = db.Pupils.VisibleTo(staff, Amend).Select(p => p.Id);
        var link = await db.PupilLinks.FirstOrDefaultAsync(l => l.Id == linkId && l.EndedUtc == null
            && (l.FirstPupilId == pupilId || l.SecondPupilId == pupilId)
            && reachable.Contains(l.FirstPupilId) && reachable.Contains(l.SecondPupilId), cancellationToken);
        if (link is null)
        {
            return false;
        }

        link.EndedUtc = clock.GetUtcNow().UtcDateTime;
        link.EndedByName = staff.User!.DisplayName;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
