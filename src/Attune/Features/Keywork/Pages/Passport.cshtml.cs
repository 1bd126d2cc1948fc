using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.Pages;

/// <summary>A pupil's passport in full, for pastoral and safeguarding staff. Every view is audited.</summary>
[GuardedBy(RecordType.PupilPassport, Operation.Read, PerPupil = true)]
public sealed class PassportModel(PupilPassports passports, AppDbContext db, StaffContext staff, AuditTrail audit, TimeProvider clock) : PageModel
{
    public PupilChoice Pupil { get; private set; } = null!;
    public PupilPassport? Passport { get; private set; }
    public bool MayAmend { get; private set; }
    public bool ReviewOverdue { get; private set; }

    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, PupilPassports.Read, id, ct) ?? throw new NotFoundException();
        Passport = await passports.ForPupilAsync(id, ct);
        MayAmend = await db.Pupils.VisibleTo(staff, PupilPassports.Amend).AnyAsync(p => p.Id == id, ct);
        ReviewOverdue = Passport is not null && Passport.ReviewDueOn < DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        audit.RecordRead(nameof(RecordType.PupilPassport), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(ct);
    }
}
