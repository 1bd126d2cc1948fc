using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork;

/// <summary>
/// A school's keywork settings, kept by a school-wide pastoral lead: the themes keywork sessions are recorded under
/// and the stages of regulation that plans describe. Renamed, reordered and retired, never deleted: sessions and
/// plans keep the names they were written with.
/// </summary>
public sealed class KeyworkSettings(AppDbContext db, StaffContext staff, KeyworkSessions sessions, RegulationPlans plans)
{
    public const int MaxName = 60;

    /// <summary>Schools whose keywork settings the member of staff may read, or change.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Schools(bool amend) =>
        [.. staff.Schools.Where(s => staff.GrantFor(RecordType.KeyworkSettings, amend ? Operation.Amend : Operation.Read).WholeSchools.Contains(s.Id)).Select(s => (s.Id, s.Name))];

    public async Task<IReadOnlyList<SettingRow>> ThemesAsync(Guid schoolId, CancellationToken cancellationToken)
    {
        await sessions.ThemesAsync(schoolId, cancellationToken);
        return await db.KeyworkThemes.AsNoTracking().Where(t => t.SchoolId == schoolId).OrderBy(t => t.Retired).ThenBy(t => t.SortOrder)
            .Select(t => new SettingRow { Id = t.Id, Name = t.Name, Retired = t.Retired }).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SettingRow>> StagesAsync(Guid schoolId, CancellationToken cancellationToken)
    {
        await plans.StagesAsync(schoolId, cancellationToken);
        return await db.RegulationStages.AsNoTracking().Where(s => s.SchoolId == schoolId).OrderBy(s => s.Retired).ThenBy(s => s.SortOrder)
            .Select(s => new SettingRow { Id = s.Id, Name = s.Name, Retired = s.Retired }).ToListAsync(cancellationToken);
    }

    /// <summary>Saves the school's session themes all or nothing; errors by row.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SaveThemesAsync(Guid schoolId, IReadOnlyList<SettingRow> rows, CancellationToken cancellationToken)
    {
        var existing = await db.KeyworkThemes.Where(t => t.SchoolId == schoolId).ToListAsync(cancellationToken);
        return await SaveAsync(rows, existing.ToDictionary(t => t.Id, t => (Action<string, bool, int>)((name, retired, order) => (t.Name, t.Retired, t.SortOrder) = (name, retired, order))),
            "Themes", "theme", (name, retired, order) => db.KeyworkThemes.Add(new KeyworkTheme { SchoolId = schoolId, Name = name, Retired = retired, SortOrder = order }), cancellationToken);
    }

    /// <summary>Saves the school's stages of regulation all or nothing; errors by row.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SaveStagesAsync(Guid schoolId, IReadOnlyList<SettingRow> rows, CancellationToken cancellationToken)
    {
        var existing = await db.RegulationStages.Where(s => s.SchoolId == schoolId).ToListAsync(cancellationToken);
        return await SaveAsync(rows, existing.ToDictionary(s => s.Id, s => (Action<string, bool, int>)((name, retired, order) => (s.Name, s.Retired, s.SortOrder) = (name, retired, order))),
            "Stages", "stage", (name, retired, order) => db.RegulationStages.Add(new RegulationStage { SchoolId = schoolId, Name = name, Retired = retired, SortOrder = order }), cancellationToken);
    }

    private async Task<IReadOnlyDictionary<string, string>> SaveAsync(IReadOnlyList<SettingRow> rows, Dictionary<Guid, Action<string, bool, int>> existing,
        string key, string noun, Action<string, bool, int> add, CancellationToken cancellationToken)
    {
        var errors = SettingRows.Check(rows, MaxName, [.. existing.Keys], key, noun);
        if (errors.Count > 0)
        {
            return errors;
        }

        foreach (var (row, index) in rows.Select((row, index) => (row, index)))
        {
            var name = TextInput.Clean(row.Name, MaxName).Value;
            if (row.Id is { } id)
            {
                existing[id](name!, row.Retired, (index + 1) * 10);
            }
            else if (name is not null)
            {
                add(name, row.Retired, (index + 1) * 10);
            }
        }

        return await DocumentVersion.TrySaveAsync(db, cancellationToken)
            ? errors
            : new Dictionary<string, string> { [key] = $"Another {noun} list was saved at the same time; reload the page" };
    }
}
