using Attune.Platform.Authorization;

namespace Attune.Tests.Support;

/// <summary>The table in docs/security/access-model.md, read as the tests' statement of who may do what.</summary>
public static class AccessModelDocument
{
    public static readonly IReadOnlyDictionary<string, Role> RoleColumns = new Dictionary<string, Role>
    {
        ["Trust administrator"] = Role.TrustAdministrator,
        ["School administrator"] = Role.SchoolAdministrator,
        ["DSL"] = Role.Dsl,
        ["Deputy DSL"] = Role.DeputyDsl,
        ["Pastoral lead"] = Role.PastoralLead,
        ["Pastoral staff"] = Role.PastoralStaff,
        ["Staff"] = Role.Staff,
        ["Report only"] = Role.Reporter,
    };

    public static Dictionary<(RecordType Record, Operation Operation, Role Role), Reach> Read()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "access-model.md"));
        var start = Array.IndexOf(lines, "<!-- access-model:start -->");
        var end = Array.IndexOf(lines, "<!-- access-model:end -->");
        Assert.True(start >= 0 && end > start, "the access model table markers are missing");

        var table = lines[(start + 1)..end].Select(Cells).ToList();
        var header = table[0];
        var roles = header[2..].Select(name => RoleColumns.TryGetValue(name, out var role)
            ? role
            : throw new InvalidOperationException($"unknown role column '{name}'")).ToList();

        var cells = new Dictionary<(RecordType, Operation, Role), Reach>();
        foreach (var row in table.Skip(2))
        {
            var record = Enum.Parse<RecordType>(row[0]);
            var operation = Enum.Parse<Operation>(row[1]);
            for (var i = 0; i < roles.Count; i++)
            {
                Assert.True(cells.TryAdd((record, operation, roles[i]), ParseReach(row[i + 2])), $"{record}.{operation} appears twice");
            }
        }

        return cells;
    }

    private static string[] Cells(string line) =>
        line.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();

    private static Reach ParseReach(string cell) => cell == "—"
        ? Reach.None
        : cell.Split('+', StringSplitOptions.TrimEntries).Aggregate(Reach.None, (reach, part) => reach | part switch
        {
            "scope" => Reach.Scope,
            "caseload" => Reach.Caseload,
            "school" => Reach.School,
            "own" => Reach.Own,
            "taught" => Reach.Taught,
            "named" => Reach.Named,
            _ => throw new InvalidOperationException($"unknown reach '{part}'"),
        });
}
