using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Attune.Platform.Auditing;

public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBadSequence, string Message, string HeadHash);

/// <summary>Walks the whole audit chain in order and reports the first entry that does not follow from its predecessor.</summary>
public sealed class AuditVerifier(AppDbContext db)
{
    private const int BatchSize = 5000;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var expectedSequence = 1L;
        var previousHash = AuditChain.GenesisHash;
        var lastSeen = 0L;
        while (true)
        {
            var batch = await db.AuditEntries.AsNoTracking()
                .Where(a => a.Sequence > lastSeen)
                .OrderBy(a => a.Sequence)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var entry in batch)
            {
                if (entry.Sequence != expectedSequence)
                {
                    return Broken(expectedSequence - 1, entry.Sequence,
                        $"entry {expectedSequence} is missing: the chain jumps from {expectedSequence - 1} to {entry.Sequence}");
                }

                if (entry.PreviousHash != previousHash)
                {
                    return Broken(expectedSequence - 1, entry.Sequence,
                        $"entry {entry.Sequence} does not follow entry {entry.Sequence - 1}: entries were removed, reordered or replaced");
                }

                if (AuditChain.ComputeHash(entry, previousHash) != entry.Hash)
                {
                    return Broken(expectedSequence - 1, entry.Sequence, $"entry {entry.Sequence} was changed after it was written");
                }

                previousHash = entry.Hash;
                expectedSequence++;
            }

            if (batch.Count < BatchSize)
            {
                return new AuditVerification(true, expectedSequence - 1, null,
                    $"audit chain intact: {expectedSequence - 1} entries", previousHash);
            }

            lastSeen = batch[^1].Sequence;
        }

        AuditVerification Broken(long checkedCount, long sequence, string message) =>
            new(false, checkedCount, sequence, message, previousHash);
    }
}
