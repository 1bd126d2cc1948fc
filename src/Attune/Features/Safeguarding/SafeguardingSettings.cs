using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Safeguarding;

/// <summary>
/// One level on a school's continuum of need (the local safeguarding partnership's threshold document), in the
/// school's order. Levels in use are retired, never deleted, so decisions keep the level they were made at.
/// </summary>
public sealed class ContinuumLevel
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    public bool Retired { get; set; }
}

public sealed class ContinuumLevelConfiguration : IEntityTypeConfiguration<ContinuumLevel>
{
    public void Configure(EntityTypeBuilder<ContinuumLevel> builder)
    {
        builder.Property(l => l.Name).HasMaxLength(SafeguardingSettings.MaxName);
        builder.HasIndex(l => new { l.SchoolId, l.Name }).IsUnique();
        builder.HasOne<Schools.School>().WithMany().HasForeignKey(l => l.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// A school's safeguarding settings, kept by its DSL: the concern categories (KCSIE defaults to start; renamed,
/// added, retired, marked DSL only or kept for good) and the continuum of need used at triage.
/// </summary>
public sealed class SafeguardingSettings(AppDbContext db, StaffContext staff, ConcernCategories categories)
{
    public const int MaxName = 100;
    public static readonly AccessRequirement Read = new(RecordType.SafeguardingSettings, Operation.Read);
    public static readonly AccessRequirement Amend = new(RecordType.SafeguardingSettings, Operation.Amend);

    /// <summary>The school's levels of need in use, in order; the defaults are added the first time a school needs them.</summary>
    public static async Task<IReadOnlyList<string>> LevelsInUseAsync(AppDbContext db, Guid schoolId, CancellationToken cancellationToken)
    {
        var levels = await AllLevelsAsync(db, schoolId, cancellationToken);
        return [.. levels.Where(l => !l.Retired).Select(l => l.Name)];
    }

    public static async Task<List<ContinuumLevel>> AllLevelsAsync(AppDbContext db, Guid schoolId, CancellationToken cancellationToken)
    {
        var levels = await db.ContinuumLevels.Where(l => l.SchoolId == schoolId).OrderBy(l => l.SortOrder).ThenBy(l => l.Name).ToListAsync(cancellationToken);
        if (levels.Count > 0)
        {
            return levels;
        }

        levels = [.. LevelsOfNeed.Defaults.Select((name, i) => new ContinuumLevel { SchoolId = schoolId, Name = name, SortOrder = (i + 1) * 10 })];
        db.ContinuumLevels.AddRange(levels);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return levels;
        }
        catch (DbUpdateException error) when (DatabaseErrors.IsUniqueViolation(error))
        {
            foreach (var level in levels)
            {
                db.Entry(level).State = EntityState.Detached;
            }

            return await db.ContinuumLevels.Where(l => l.SchoolId == schoolId).OrderBy(l => l.SortOrder).ThenBy(l => l.Name).ToListAsync(cancellationToken);
        }
    }

    /// <summary>Schools whose settings the member of staff may change (or, with <paramref name="amend"/> false, read).</summary>
    public IReadOnlyList<(Guid Id, string Name)> Schools(bool amend) =>
        [.. staff.Schools.Where(s => staff.GrantFor(RecordType.SafeguardingSettings, amend ? Operation.Amend : Operation.Read).WholeSchools.Contains(s.Id)).Select(s => (s.Id, s.Name))];

    public async Task<List<ConcernCategory>> CategoriesAsync(Guid schoolId, CancellationToken cancellationToken)
    {
        await categories.InUseAsync(schoolId, cancellationToken);
        return await db.ConcernCategories.Where(c => c.SchoolId == schoolId).OrderBy(c => c.Retired).ThenBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Saves the categories as posted, in the posted order, plus a new one when named. All or nothing: any
    /// problem is reported by row and nothing changes.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> SaveCategoriesAsync(Guid schoolId, IReadOnlyList<SettingRow> rows, CancellationToken cancellationToken)
    {
        var existing = await CategoriesAsync(schoolId, cancellationToken);
        var errors = SettingRows.Check(rows, MaxName, existing.Select(c => c.Id).ToHashSet(), "Categories", "category");
        if (errors.Count > 0)
        {
            return errors;
        }

        foreach (var (row, index) in rows.Select((row, index) => (row, index)))
        {
            var name = TextInput.Clean(row.Name, MaxName).Value;
            if (row.Id is { } id)
            {
                var category = existing.Single(c => c.Id == id);
                (category.Name, category.DslOnly, category.RetainIndefinitely, category.Retired, category.SortOrder) = (name!, row.DslOnly, row.RetainIndefinitely, row.Retired, (index + 1) * 10);
            }
            else if (name is not null)
            {
                db.ConcernCategories.Add(new ConcernCategory
                {
                    SchoolId = schoolId, Name = name, DslOnly = row.DslOnly, RetainIndefinitely = row.RetainIndefinitely, Retired = row.Retired, SortOrder = (index + 1) * 10,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>Saves the continuum of need as posted, in order; all or nothing.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SaveLevelsAsync(Guid schoolId, IReadOnlyList<SettingRow> rows, CancellationToken cancellationToken)
    {
        var existing = await AllLevelsAsync(db, schoolId, cancellationToken);
        var errors = SettingRows.Check(rows, MaxName, existing.Select(l => l.Id).ToHashSet(), "Levels", "level");
        if (errors.Count > 0)
        {
            return errors;
        }

        foreach (var (row, index) in rows.Select((row, index) => (row, index)))
        {
            var name = TextInput.Clean(row.Name, MaxName).Value;
            if (row.Id is { } id)
            {
                var level = existing.Single(l => l.Id == id);
                (level.Name, level.Retired, level.SortOrder) = (name!, row.Retired, (index + 1) * 10);
            }
            else if (name is not null)
            {
                db.ContinuumLevels.Add(new ContinuumLevel { SchoolId = schoolId, Name = name, Retired = row.Retired, SortOrder = (index + 1) * 10 });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }
}
