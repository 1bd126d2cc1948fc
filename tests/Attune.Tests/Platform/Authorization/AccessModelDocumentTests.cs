using Attune.Platform.Authorization;
using Attune.Tests.Support;

namespace Attune.Tests.Platform.Authorization;

/// <summary>docs/security/access-model.md and <see cref="AccessModel"/> must say the same thing.</summary>
public sealed class AccessModelDocumentTests
{
    [Fact]
    public void The_document_and_the_code_grant_exactly_the_same_access()
    {
        var documented = AccessModelDocument.Read();
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
        Assert.Equal(Enum.GetValues<Role>().OrderBy(r => r), AccessModelDocument.RoleColumns.Values.OrderBy(r => r));
    }
}
