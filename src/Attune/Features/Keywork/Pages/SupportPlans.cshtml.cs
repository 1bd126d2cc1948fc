using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.Pages;

/// <summary>A pupil's pastoral care and support plans over time, and what worked: every target of every plan with how it turned out. Audited.</summary>
[GuardedBy(RecordType.SupportPlan, Operation.Read, PerPupil = true)]
public sealed class SupportPlansModel(SupportPlans plans, AppDbContext db, StaffContext staff, AuditTrail audit, TimeProvider clock) : PageModel
{
    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<SupportPlan> Plans { get; private set; } = [];
    public bool MayCreate { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, SupportPlans.Read, id, ct) ?? throw new NotFoundException();
        Plans = await plans.ForPupilAsync(id, ct);
        MayCreate = await db.Pupils.VisibleTo(staff, SupportPlans.Create).AnyAsync(p => p.Id == id, ct);
        Today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        audit.RecordRead(nameof(RecordType.SupportPlan), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(ct);
    }
}
