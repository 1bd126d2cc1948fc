using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>
/// The categories a school files concerns under. A school starts with the categories of Keeping Children Safe
/// in Education (RULES.md section 2) and may rename, add, retire or mark them DSL only.
/// </summary>
public sealed class ConcernCategories(AppDbContext db)
{
    public static readonly IReadOnlyList<string> Defaults =
    [
        "Physical abuse",
        "Emotional abuse",
        "Sexual abuse",
        "Neglect",
        "Child-on-child abuse",
        "Online safety",
        "Self-harm or suicidal thoughts",
        "Mental health",
        "Child sexual exploitation",
        "Child criminal exploitation",
        "County lines",
        "Domestic abuse",
        "Female genital mutilation (FGM)",
        "Honour-based abuse",
        "Radicalisation",
        "Children missing education",
        "Young carer",
        "Private fostering",
        "Substance misuse",
        "Attendance",
        "Other",
    ];

    /// <summary>Default categories whose concerns are never destroyed: relevant to the Independent Inquiry into Child Sexual Abuse.</summary>
    public static readonly IReadOnlySet<string> RetainedIndefinitely = new HashSet<string>(StringComparer.Ordinal) { "Sexual abuse", "Child sexual exploitation" };

    /// <summary>The school's categories in use, in the school's order; the defaults are added the first time a school needs them.</summary>
    public async Task<IReadOnlyList<ConcernCategory>> InUseAsync(Guid schoolId, CancellationToken cancellationToken)
    {
        var categories = await db.ConcernCategories.AsNoTracking()
            .Where(c => c.SchoolId == schoolId)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .ToListAsync(cancellationToken);
        if (categories.Count == 0)
        {
            categories = await AddDefaultsAsync(schoolId, cancellationToken);
        }

        return categories.Where(c => !c.Retired).ToList();
    }

    private async Task<List<ConcernCategory>> AddDefaultsAsync(Guid schoolId, CancellationToken cancellationToken)
    {
        var defaults = Defaults.Select((name, i) => new ConcernCategory { SchoolId = schoolId, Name = name, SortOrder = (i + 1) * 10, RetainIndefinitely = RetainedIndefinitely.Contains(name) }).ToList();
        db.ConcernCategories.AddRange(defaults);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return defaults;
        }
        catch (DbUpdateException error) when (DatabaseErrors.IsUniqueViolation(error))
        {
            // Another request added them first: use theirs.
            foreach (var category in defaults)
            {
                db.Entry(category).State = EntityState.Detached;
            }

            return await db.ConcernCategories.AsNoTracking().Where(c => c.SchoolId == schoolId)
                .OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        }
    }
}
