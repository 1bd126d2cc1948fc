using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Incidents.Pages;

/// <summary>
/// Incidents: record one; the incidents the member of staff recorded or was part of; for pastoral and safeguarding
/// staff, recent incidents in their reach and how many physical interventions await review.
/// </summary>
[GuardedBy(RecordType.Incident, Operation.Create, List = true)]
public sealed class IndexModel(Incidents incidents, IncidentSettings settings, AppDbContext db, StaffContext staff, TimeProvider clock) : PageModel
{
    private const int MaxListed = 50;

    public IReadOnlyList<Incident> Mine { get; private set; } = [];
    public IReadOnlyList<Incident> Recent { get; private set; } = [];
    public int AwaitingReview { get; private set; }
    public bool MayReadReviews { get; private set; }
    public bool MayReadTrends { get; private set; }
    public int? UnreadBriefings { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> SettingsSchools { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var since = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime)).AddDays(-28);
        var userId = staff.UserId;
        var visible = incidents.Visible(Incidents.Read).AsNoTracking().Include(i => i.Pupils).ThenInclude(p => p.Pupil).Include(i => i.Intervention);
        Mine = await visible.Where(i => i.OccurredOn >= since && (i.RecordedByUserId == userId || i.Staff.Any(s => s.StaffUserId == userId)))
            .OrderByDescending(i => i.OccurredOn).ThenByDescending(i => i.OccurredAt).Take(MaxListed).AsSplitQuery().ToListAsync(ct);
        var read = staff.GrantFor(RecordType.Incident, Operation.Read);
        if (read.WholeSchools.Count + read.YearGroups.Count + read.CaseloadSchools.Count > 0)
        {
            Recent = await visible.Where(i => i.OccurredOn >= since.AddDays(21))
                .OrderByDescending(i => i.OccurredOn).ThenByDescending(i => i.OccurredAt).Take(MaxListed).AsSplitQuery().ToListAsync(ct);
        }

        if (!staff.GrantFor(RecordType.StaffBriefing, Operation.Read).IsEmpty)
        {
            UnreadBriefings = await db.StaffBriefingRecipients.CountAsync(r => r.StaffUserId == userId && r.ReadUtc == null, ct);
        }

        MayReadTrends = !staff.GrantFor(RecordType.IncidentTrends, Operation.Read).IsEmpty;
        SettingsSchools = settings.Schools(amend: false);
        MayReadReviews = !staff.GrantFor(RecordType.PhysicalInterventionReview, Operation.Read).IsEmpty;
        if (MayReadReviews)
        {
            AwaitingReview = await incidents.Visible(Incidents.ReviewRead).CountAsync(i => i.Intervention != null && i.Intervention.ReviewedUtc == null && i.EnteredInErrorUtc == null, ct);
        }
    }
}
