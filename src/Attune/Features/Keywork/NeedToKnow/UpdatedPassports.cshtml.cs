using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.NeedToKnow;

/// <summary>Recently changed passports of the pupils the member of staff teaches or supports: where the passport digest notification leads.</summary>
[GuardedBy(RecordType.NeedToKnowPassport, Operation.Read, NoRecord = true)]
public sealed class UpdatedPassportsModel(AppDbContext db, StaffContext staff, TimeProvider clock) : PageModel
{
    public const int Days = 14;

    public IReadOnlyList<(PupilChoice Pupil, DateTime UpdatedUtc, string By)> Updated { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (staff.GrantFor(RecordType.NeedToKnowPassport, Operation.Read).IsEmpty)
        {
            return Forbid();
        }

        var ct = HttpContext.RequestAborted;
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-Days);
        var changed = await db.PupilPassports.AsNoTracking()
            .Where(p => p.UpdatedUtc >= since)
            .Join(db.Pupils.VisibleTo(staff, PupilPassports.ReadNeedToKnow).Where(p => p.LeftOn == null), p => p.PupilId, p => p.Id, (passport, pupil) => new { passport.PupilId, passport.UpdatedUtc, passport.UpdatedByName })
            .OrderByDescending(p => p.UpdatedUtc)
            .Take(200)
            .ToListAsync(ct);
        var ids = changed.Select(c => c.PupilId).ToList();
        var pupils = await PupilChoice.From(db.Pupils.AsNoTracking().Where(p => ids.Contains(p.Id))).ToDictionaryAsync(p => p.Id, ct);
        Updated = [.. changed.Select(c => (pupils[c.PupilId], c.UpdatedUtc, c.UpdatedByName))];

        // Reading the list is reading the digest: mark it read so the next change starts a new one.
        await db.Notifications
            .Where(n => n.RecipientUserId == staff.UserId && n.ReadUtc == null && n.Category == PupilPassports.DigestCategory && n.Link == PupilPassports.DigestLink)
            .ForEachAsync(n => n.ReadUtc = clock.GetUtcNow().UtcDateTime, ct);
        await db.SaveChangesAsync(ct);
        return Page();
    }
}
