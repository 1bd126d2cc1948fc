namespace Attune.Platform.Web;

/// <summary>One row of a school's named list (concern categories, levels of need, session themes, stages of regulation) as its settings form posts it.</summary>
public sealed class SettingRow
{
    public Guid? Id { get; set; }
    public string? Name { get; set; }
    public bool DslOnly { get; set; }
    public bool RetainIndefinitely { get; set; }
    public bool Retired { get; set; }

    /// <summary>The keys of the list's own flag columns ticked for this row (an incident type that is positive, a period that is unstructured).</summary>
    public List<string> Flags { get; set; } = [];
}

/// <summary>A named list for the shared settings table: the form key its rows post under, what one is called, and whether it may be changed.</summary>
public sealed record SettingList(string Key, string Noun, string Heading, IReadOnlyList<SettingRow> Rows, bool Disabled, int MaxName)
{
    /// <summary>Yes-or-no columns the list has besides Retired, each a key (posted in the row's Flags) and its heading.</summary>
    public IReadOnlyList<(string Key, string Heading)> FlagColumns { get; init; } = [];
}

/// <summary>The rules every school-kept named list follows: rows are renamed, reordered and retired, never deleted.</summary>
public static class SettingRows
{
    /// <summary>Error keys in the order their rows appear (<c>Key[2]</c> before <c>Key[10]</c>), the list's own key first.</summary>
    public static string[] InRowOrder(IEnumerable<string> keys) => [.. keys.OrderBy(RowOf).ThenBy(k => k, StringComparer.Ordinal)];

    private static int RowOf(string key) =>
        key.IndexOf('[', StringComparison.Ordinal) is var open and >= 0
            ? int.Parse(key[(open + 1)..key.IndexOf(']', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)
            : -1;

    /// <summary>
    /// Checks a school's list as posted, row by row (errors under <c>{key}[{row}].Name</c>): names cleaned, unique,
    /// present on existing rows (retire rather than blank them); at least one in use; and every existing row still
    /// there with at most one new one, or someone else changed the list meanwhile.
    /// </summary>
    public static Dictionary<string, string> Check(IReadOnlyList<SettingRow> rows, int maxName, HashSet<Guid> known, string key, string noun)
    {
        var errors = new Dictionary<string, string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, index) in rows.Select((row, index) => (row, index)))
        {
            var (name, error) = TextInput.Clean(row.Name, maxName);
            var field = $"{key}[{index}].Name";
            if (row.Id is { } id && !known.Contains(id))
            {
                errors[field] = $"Row {index + 1} is not one of this school's {noun} list; reload the page";
            }
            else if (error is not null)
            {
                errors[field] = $"Row {index + 1}: the name {error}";
            }
            else if (name is null && row.Id is not null)
            {
                errors[field] = $"Row {index + 1}: enter a name, or retire the {noun} instead";
            }
            else if (name is not null && !names.Add(name))
            {
                errors[field] = $"Row {index + 1}: there is already a {noun} called {name}";
            }
        }

        if (!rows.Any(r => !r.Retired && !string.IsNullOrWhiteSpace(r.Name)))
        {
            errors[key] = $"Keep at least one {noun} in use";
        }

        if (rows.Count(r => r.Id is null) > 1 || known.Any(id => rows.All(r => r.Id != id)))
        {
            errors[key] = $"The {noun} list was changed while you edited it; reload the page";
        }

        return errors;
    }
}
