using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>
/// The DSL team's decisions on a concern: triage (level of need, owner, what happens next), closing it with a
/// rationale, and reopening it. A decision made on a stale copy is not saved; the page says what changed and
/// keeps what was typed.
/// </summary>
[GuardedBy(RecordType.Concern, Operation.Amend)]
public sealed class DecisionModel(ConcernCasework casework, Platform.Data.AppDbContext db, StaffContext staff) : PageModel
{
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? LevelOfNeed { get; set; }
    [BindProperty] public Guid? OwnerUserId { get; set; }
    [BindProperty] public string? Decision { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public Concern Concern { get; private set; } = null!;
    public DecisionKind Kind { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> Owners { get; private set; } = [];
    public ConcernDecision? Theirs { get; private set; }

    /// <summary>The school's continuum of need, in its order.</summary>
    public IReadOnlyList<string> Levels { get; private set; } = [];

    public async Task OnGetAsync(Guid id, string? action)
    {
        await LoadAsync(id);
        await casework.RecordReadAsync(Concern, HttpContext.RequestAborted);
        Kind = Concern.Status == ConcernStatus.Closed ? DecisionKind.Reopened : action == "close" ? DecisionKind.Closed : DecisionKind.Triage;
        Version = Concern.Version;
        LevelOfNeed = Concern.LevelOfNeed;
        OwnerUserId = Concern.OwnerUserId ?? (Owners.Any(o => o.Id == staff.UserId) ? staff.UserId : null);
    }

    public Task<IActionResult> OnPostTriageAsync(Guid id) => DecideAsync(id, DecisionKind.Triage);

    public Task<IActionResult> OnPostCloseAsync(Guid id) => DecideAsync(id, DecisionKind.Closed);

    public Task<IActionResult> OnPostReopenAsync(Guid id) => DecideAsync(id, DecisionKind.Reopened);

    private async Task<IActionResult> DecideAsync(Guid id, DecisionKind kind)
    {
        await LoadAsync(id);
        Kind = kind;
        var outcome = await casework.DecideAsync(Concern, new DecisionRequest(kind, Version, LevelOfNeed, OwnerUserId, Decision, Reason), HttpContext.RequestAborted);
        if (outcome.Saved is not null)
        {
            return Redirect($"/safeguarding/concerns/{id}");
        }

        ModelState.Clear();
        if (outcome.Conflict)
        {
            // Keep what they typed; show what the other person decided; let them decide again on the current version.
            db.ChangeTracker.Clear();
            await LoadAsync(id);
            Theirs = await db.ConcernDecisions.AsNoTracking().Where(d => d.ConcernId == id).OrderByDescending(d => d.RecordedUtc).FirstOrDefaultAsync(HttpContext.RequestAborted);
            Version = Concern.Version;
            Kind = Concern.Status == ConcernStatus.Closed ? DecisionKind.Reopened : kind == DecisionKind.Reopened ? DecisionKind.Triage : kind;
            await casework.RecordReadAsync(Concern, HttpContext.RequestAborted);
            return Page();
        }

        foreach (var (field, message) in outcome.Errors.OrderBy(e => Array.IndexOf(FieldOrder, e.Key)))
        {
            ModelState.AddModelError(field, message);
        }

        return Page();
    }

    private static readonly string[] FieldOrder = [nameof(LevelOfNeed), nameof(OwnerUserId), nameof(Decision), nameof(Reason)];

    private async Task LoadAsync(Guid id)
    {
        Concern = await casework.ForAmendAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        Owners = await casework.OwnersAsync(Concern, HttpContext.RequestAborted);
        Levels = await SafeguardingSettings.LevelsInUseAsync(db, Concern.SchoolId, HttpContext.RequestAborted);
    }
}
