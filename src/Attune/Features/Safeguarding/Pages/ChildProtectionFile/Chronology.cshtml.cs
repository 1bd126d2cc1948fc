using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding.Pages.ChildProtectionFile;

/// <summary>
/// A pupil's safeguarding chronology, filtered by event type and concern category, with the pupil's current
/// safeguarding statuses. Every view is audited against the pupil. Prints on its own print stylesheet.
/// </summary>
[GuardedBy(RecordType.Concern, Operation.Read, PerPupil = true)]
public sealed class ChronologyModel(Chronology chronology, LinkedPupils linked, AppDbContext db, StaffContext staff, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "type")] public List<string> Types { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "category")] public Guid? CategoryId { get; set; }

    public ChronologyResult Result { get; private set; } = null!;
    public IReadOnlyList<PupilSafeguardingStatus> Statuses { get; private set; } = [];
    public bool MayReadStatuses { get; private set; }
    public bool MayChangeStatuses { get; private set; }

    /// <summary>Whether the reader may see (and a DSL send) the pupil's child protection file transfers.</summary>
    public bool MaySeeTransfers { get; private set; }

    /// <summary>Siblings and household members, with their concerns the reader may read: references, never copies.</summary>
    public IReadOnlyList<LinkedPupil> Links { get; private set; } = [];
    public bool MaySeeLinks { get; private set; }
    public DateOnly Today { get; private set; }
    public bool Filtered => Types.Count > 0 || CategoryId is not null;

    public async Task OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var types = Types.Select(ChoiceInput.Parse<ChronologyEventType>).OfType<ChronologyEventType>().ToList();
        Result = await chronology.ForPupilAsync(id, new ChronologyFilter(types, CategoryId), "read", ct) ?? throw new NotFoundException();
        Today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        var statusReaders = staff.GrantFor(RecordType.SafeguardingStatus, Operation.Read);
        MayReadStatuses = await db.Pupils.Within(staff, statusReaders).AnyAsync(p => p.Id == id, ct);
        if (MayReadStatuses)
        {
            Statuses = await db.SafeguardingStatuses.AsNoTracking().Where(s => s.PupilId == id).OrderByDescending(s => s.StartedOn).ToListAsync(ct);
            MayChangeStatuses = await db.Pupils.Within(staff, staff.GrantFor(RecordType.SafeguardingStatus, Operation.Amend)).AnyAsync(p => p.Id == id, ct);
        }

        MaySeeTransfers = await db.Pupils.Within(staff, staff.GrantFor(RecordType.ProtectionFileTransfer, Operation.Read)).AnyAsync(p => p.Id == id, ct);
        MaySeeLinks = await db.Pupils.VisibleTo(staff, LinkedPupils.Read).AnyAsync(p => p.Id == id, ct);
        Links = MaySeeLinks ? await linked.ForPupilAsync(id, ct) : [];
    }

    public static string TypeName(ChronologyEventType type) => type switch
    {
        ChronologyEventType.Concern => "Concerns",
        ChronologyEventType.Decision => "Decisions",
        ChronologyEventType.Action => "Actions",
        ChronologyEventType.Referral => "Referrals",
        ChronologyEventType.Meeting => "Meetings",
        ChronologyEventType.Status => "Status changes",
        ChronologyEventType.Incident => "Incidents",
        _ => "Corrections",
    };
}
