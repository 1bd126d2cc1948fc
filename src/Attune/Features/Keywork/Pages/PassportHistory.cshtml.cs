using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Keywork.Pages;

/// <summary>Every version of a pupil's passport, newest first, with what each one changed. Audited.</summary>
[GuardedBy(RecordType.PupilPassport, Operation.Read, PerPupil = true)]
public sealed class PassportHistoryModel(PupilPassports passports, AppDbContext db, StaffContext staff, AuditTrail audit) : PageModel
{
    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<PassportVersionView> Versions { get; private set; } = [];

    public async Task OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, PupilPassports.Read, id, ct) ?? throw new NotFoundException();
        Versions = await passports.HistoryAsync(id, ct);
        audit.RecordRead(nameof(RecordType.PupilPassport), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(ct);
    }
}
