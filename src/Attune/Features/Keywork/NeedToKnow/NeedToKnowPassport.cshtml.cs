using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.NeedToKnow;

/// <summary>
/// The need-to-know passport: only the parts of a pupil's passport staff need in class, for the staff who teach or
/// support the pupil. Fits one printed page and a phone screen. Every view is audited.
/// </summary>
[GuardedBy(RecordType.NeedToKnowPassport, Operation.Read, PerPupil = true)]
public sealed class NeedToKnowPassportModel(PupilPassports passports, AppDbContext db, StaffContext staff, AuditTrail audit) : PageModel
{
    public PupilChoice Pupil { get; private set; } = null!;
    public PupilPassport? Passport { get; private set; }
    public bool HasPhoto { get; private set; }

    /// <summary>Parts teaching staff see that the latest version changed.</summary>
    public IReadOnlySet<string> JustChanged { get; private set; } = new HashSet<string>();

    public IEnumerable<PassportField> Shown => PupilPassport.Fields.Where(f => f.InClass && Passport?[f.Key] is not null);

    public async Task OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, PupilPassports.ReadNeedToKnow, id, ct) ?? throw new NotFoundException();
        Passport = await passports.ForPupilAsync(id, ct);
        HasPhoto = await db.PupilPhotos.AnyAsync(p => p.PupilId == id, ct);
        if (Passport is { Number: > 1 })
        {
            var history = await passports.HistoryAsync(id, ct);
            JustChanged = history[0].Changed.Where(f => f.InClass).Select(f => f.Key).ToHashSet();
        }

        audit.RecordRead(nameof(RecordType.NeedToKnowPassport), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(ct);
    }
}
