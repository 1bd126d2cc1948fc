using Attune.Platform.Authorization;

namespace Attune.Tests.Platform.Authorization;

/// <summary>docs/security/access-model.md and <see cref="AccessModel"/> must say the same thing.</summary>
public sealed class AccessModelDocumentTests
{
    private static readonly Dictionary<string, Role> RoleColumns = new()
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

    [Fact]
    public void The_document_and_the_code_grant_exactly_the_same_access()
    {
        var documented = ReadDocument();
        var coded = AccessModel.Rules.SelectMany(rule => rule.Value.Select(cell => (rule.Key.Record, rule.Key.Operation, Role: cell.Key, Reach: cell.Value))).ToList();

        foreach (var (record, operation, role, reach) in coded)
        {
            Assert.True(documented.TryGetValue((record, operation, role), out var written),
                $"{record}.{operation} for {role} is in the code but not in docs/security/access-model.md");
            Assert.True(written == reach, $"{record}.{operation} for {role}: the document says {written}, the code says {reach}");
        }

        Assert.Equal(coded.Count, documented.Count);
    }

    [Fact]
    public void Every_role_appears_in_the_document()
    {
        Assert.Equal(Enum.GetValues<Role>().OrderBy(r => r), RoleColumns.Values.OrderBy(r => r));
    }

    private static Dictionary<(RecordType, Operation, Role), Reach> ReadDocument()
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
            "taught" => Reach.Taught,
            _ => throw new InvalidOperationException($"unknown reach '{part}'"),
        });
}
