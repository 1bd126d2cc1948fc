using Attune.Features.Keywork;
using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Incidents.Pages;

/// <summary>
/// A pupil's incidents: trends over the chosen weeks (by type each week, day of week by time of day, location,
/// period), whether each plan started helped, and every incident the reader may see, newest first. Audited.
/// </summary>
[GuardedBy(RecordType.Incident, Operation.Read, PerPupil = true)]
public sealed class PupilIncidentsModel(Incidents incidents, IncidentTrends trends, IncidentSettings settings, AppDbContext db, StaffContext staff, AuditTrail audit, TimeProvider clock)
    : PageModel
{
    public static readonly int[] Spans = [4, 12, 26, 52];

    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<IncidentListItem> Recorded { get; private set; } = [];
    public TrendFigures Figures { get; private set; } = null!;
    public IReadOnlyList<BeforeAfter> Comparisons { get; private set; } = [];
    public int Weeks { get; private set; }
    public bool Rising { get; private set; }
    public bool MayBrief { get; private set; }
    public (int Last, int Previous) LastFourWeeks { get; private set; }

    public async Task OnGetAsync(Guid id, int? weeks)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await incidents.PupilAsync(id, Features.Incidents.Incidents.Read, ct) ?? throw new NotFoundException();
        Weeks = Spans.Contains(weeks ?? 0) ? weeks!.Value : 12;
        var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        var from = TrendFigures.WeekOf(today).AddDays(-7 * (Weeks - 1));
        var since = from < today.AddDays(-56) ? from : today.AddDays(-56);
        var facts = await trends.ForPupilAsync(id, since.AddDays(-7 * BeforeAfter.MaxWeeks), ct);
        Figures = TrendFigures.Of(facts, from, today);
        LastFourWeeks = RisingTrend.Counts(facts, today);
        Rising = RisingTrend.Rising(LastFourWeeks.Last, LastFourWeeks.Previous, await settings.RulesAsync(Pupil.SchoolId, ct));
        Recorded = await incidents.ListForPupilAsync(id, from, ct);
        MayBrief = await db.Pupils.VisibleTo(staff, StaffBriefings.Create).AnyAsync(p => p.Id == id, ct);

        // Did it help? Each plan the reader may read, started in the last year, against the incidents around it.
        var starts = new List<(string Label, DateOnly Start)>();
        if (await db.Pupils.VisibleTo(staff, SupportPlans.Read).AnyAsync(p => p.Id == id, ct))
        {
            starts.AddRange((await db.SupportPlans.AsNoTracking().Where(p => p.PupilId == id && p.StartedOn >= today.AddYears(-1))
                .Select(p => new { p.StartedOn, p.Content }).ToListAsync(ct)).Select(p => ($"Support plan “{p.Content.Title}” started", p.StartedOn)));
        }

        if (await db.Pupils.VisibleTo(staff, RegulationPlans.Read).AnyAsync(p => p.Id == id, ct)
            && await db.RegulationPlans.AsNoTracking().Where(p => p.PupilId == id).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct) is { } planId)
        {
            var first = await db.DocumentVersions.AsNoTracking().Where(v => v.Kind == DocumentKind.RegulationPlan && v.DocumentId == planId)
                .OrderBy(v => v.Number).Select(v => (DateTime?)v.SavedUtc).FirstOrDefaultAsync(ct);
            if (first is { } saved && DateOnly.FromDateTime(LocalTime.ToUk(saved)) is var on && on >= today.AddYears(-1))
            {
                starts.Add(("Regulation plan written", on));
            }
        }

        if (await db.Pupils.VisibleTo(staff, KeyworkerAllocations.Read).AnyAsync(p => p.Id == id, ct))
        {
            starts.AddRange((await db.KeyworkerAllocations.AsNoTracking().Where(k => k.PupilId == id && k.StartsOn >= today.AddYears(-1))
                .Select(k => k.StartsOn).ToListAsync(ct)).Select(on => ("Keyworker allocated", on)));
        }

        Comparisons = [.. starts.Where(s => s.Start <= today.AddDays(-7)).OrderByDescending(s => s.Start).Take(6)
            .Select(s => BeforeAfter.Of(facts, s.Label, s.Start, today))];

        audit.RecordRead(nameof(RecordType.Incident), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(ct);
    }
}
