using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Keywork.Pages;

/// <summary>The register of pupils under close supervision, for pastoral leads and the DSL team: overdue check-ins first. Viewing it is audited.</summary>
[GuardedBy(RecordType.SupervisionRegister, Operation.Read, NoRecord = true)]
public sealed class SupervisionRegisterModel(SupervisionRegister register, AppDbContext db, StaffContext staff, AuditTrail audit) : PageModel
{
    public IReadOnlyList<SupervisedPupil> Pupils { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (staff.GrantFor(RecordType.SupervisionRegister, Operation.Read).IsEmpty)
        {
            return Forbid();
        }

        Pupils = await register.CurrentAsync(db.Pupils.VisibleTo(staff, SupervisionRegister.Read), HttpContext.RequestAborted);
        foreach (var pupil in Pupils)
        {
            audit.RecordRead(nameof(RecordType.SupervisionRegister), pupil.Entry.Id, pupil.Pupil.Id, pupil.Pupil.SchoolId);
        }

        await db.SaveChangesAsync(HttpContext.RequestAborted);
        return Page();
    }
}
