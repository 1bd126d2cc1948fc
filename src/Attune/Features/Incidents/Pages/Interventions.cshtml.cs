using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Incidents.Pages;

/// <summary>
/// Physical interventions: those awaiting a pastoral lead's review, oldest first, and the last twelve months by
/// pupil, by member of staff and by technique, as governors and the local authority ask for them.
/// </summary>
[GuardedBy(RecordType.PhysicalInterventionReview, Operation.Read, List = true)]
public sealed class InterventionsModel(Incidents incidents, StaffContext staff, TimeProvider clock) : PageModel
{
    public sealed record Line(string Name, int Count, int Minutes, int Injuries);

    public IReadOnlyList<Incident> Awaiting { get; private set; } = [];
    public IReadOnlyList<Line> ByPupil { get; private set; } = [];
    public IReadOnlyList<Line> ByStaff { get; private set; } = [];
    public IReadOnlyList<Line> ByTechnique { get; private set; } = [];
    public int Total { get; private set; }
    public DateOnly Since { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (staff.GrantFor(RecordType.PhysicalInterventionReview, Operation.Read).IsEmpty)
        {
            return Forbid();
        }

        var ct = HttpContext.RequestAborted;
        Awaiting = await incidents.AwaitingReviewAsync(ct);
        Since = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime)).AddYears(-1);
        var since = Since;
        var rows = await incidents.Visible(Incidents.ReviewRead).AsNoTracking()
            .Where(i => i.Intervention != null && i.OccurredOn >= since && i.EnteredInErrorUtc == null)
            .Select(i => new
            {
                i.Intervention!.Technique, i.Intervention.Staff, i.Intervention.StartedAt, i.Intervention.EndedAt, Injured = i.Intervention.Injuries != null,
                Pupil = i.Pupils.Where(p => p.PupilId == i.Intervention.PupilId)
                    .Select(p => (p.Pupil!.PreferredFirstName ?? p.Pupil.LegalFirstName) + " " + (p.Pupil.PreferredLastName ?? p.Pupil.LegalLastName)).FirstOrDefault(),
            })
            .ToListAsync(ct);
        Total = rows.Count;
        int Minutes(TimeOnly from, TimeOnly to) => (int)Math.Round((to - from).TotalMinutes);
        ByPupil = [.. rows.GroupBy(r => r.Pupil ?? "A pupil").Select(g => new Line(g.Key, g.Count(), g.Sum(r => Minutes(r.StartedAt, r.EndedAt)), g.Count(r => r.Injured)))
            .OrderByDescending(l => l.Count).ThenBy(l => l.Name, StringComparer.Ordinal)];
        ByStaff = [.. rows.SelectMany(r => r.Staff.Select(s => (s.Name, r))).GroupBy(x => x.Name)
            .Select(g => new Line(g.Key, g.Count(), g.Sum(x => Minutes(x.r.StartedAt, x.r.EndedAt)), g.Count(x => x.r.Injured)))
            .OrderByDescending(l => l.Count).ThenBy(l => l.Name, StringComparer.Ordinal)];
        ByTechnique = [.. rows.GroupBy(r => r.Technique).Select(g => new Line(g.Key, g.Count(), g.Sum(r => Minutes(r.StartedAt, r.EndedAt)), g.Count(r => r.Injured)))
            .OrderByDescending(l => l.Count).ThenBy(l => l.Name, StringComparer.Ordinal)];
        return Page();
    }
}
