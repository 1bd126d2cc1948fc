using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Attune.Platform.Auditing;

/// <summary>
/// The SHA-256 hash chain over audit entries: each entry's hash covers its own fields and its
/// predecessor's hash, starting from a fixed genesis value.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Gives pending entries their sequence numbers and hashes, continuing from the chain's head.</summary>
    public static void Link(IReadOnlyList<AuditEntry> pending, long headSequence, string headHash)
    {
        var previous = headHash;
        var sequence = headSequence;
        foreach (var entry in pending)
        {
            entry.Sequence = ++sequence;
            entry.PreviousHash = previous;
            entry.Hash = ComputeHash(entry, previous);
            previous = entry.Hash;
        }
    }

    public static string ComputeHash(AuditEntry entry, string previousHash)
    {
        // One field per line, in a fixed order and invariant format; a field's own line breaks are
        // escaped so no two different entries can serialise alike.
        var canonical = string.Join('\n',
            previousHash,
            entry.Sequence.ToString(CultureInfo.InvariantCulture),
            entry.OccurredUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            entry.ActorUserId?.ToString("N") ?? "",
            Escape(entry.ActorName),
            Escape(entry.Action),
            Escape(entry.RecordType),
            Escape(entry.RecordId),
            entry.PupilId?.ToString("N") ?? "",
            entry.SchoolId?.ToString("N") ?? "",
            Escape(entry.IpAddress),
            entry.Outcome.ToString(),
            Escape(entry.Details));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Time truncated to whole microseconds, the finest both providers store.</summary>
    public static DateTime Truncate(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    private static string Escape(string? value) =>
        value is null ? "\u2400" : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
