using System.Globalization;
using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Keywork.Pages;

/// <summary>
/// Writing or updating a pupil's regulation plan, stage by stage. As with the passport, an edit from an older
/// version saves nothing and comes back with the editor's text and what was saved meanwhile.
/// </summary>
[GuardedBy(RecordType.RegulationPlan, Operation.Amend, PerPupil = true)]
public sealed class EditRegulationPlanModel(RegulationPlans plans, StaffContext staff, Platform.Data.AppDbContext db, Platform.Auditing.AuditTrail audit, TimeProvider clock) : PageModel
{
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? Strategies { get; set; }
    [BindProperty] public string? Avoid { get; set; }
    [BindProperty] public string? PupilView { get; set; }
    [BindProperty] public string? ParentView { get; set; }
    [BindProperty] public string? ReviewDueOn { get; set; }
    [BindProperty] public string? ChangeNote { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<StagePlan> Stages { get; private set; } = [];
    public RegulationPlan? Saved { get; private set; }
    public bool IsNew { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, RegulationPlans.Amend, id, ct) ?? throw new NotFoundException();
        var plan = await plans.ForPupilAsync(id, ct);
        IsNew = plan is null;
        Version = plan?.Version;
        var content = plan?.Content ?? RegulationPlanContent.Empty;
        Stages = [.. (await plans.StageNamesAsync(Pupil.SchoolId, plan, ct)).Select(name => content.Stages.FirstOrDefault(s => s.Stage == name) ?? new StagePlan(name, null, null))];
        (Strategies, Avoid, PupilView, ParentView) = (content.Strategies, content.Avoid, content.PupilView, content.ParentView);
        var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        ReviewDueOn = (plan is null || plan.ReviewDueOn < today ? today.AddMonths(3) : plan.ReviewDueOn).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        audit.RecordRead(nameof(RecordType.RegulationPlan), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        ModelState.Clear();
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, RegulationPlans.Amend, id, ct) ?? throw new NotFoundException();
        var names = await plans.StageNamesAsync(Pupil.SchoolId, await plans.ForPupilAsync(id, ct), ct);
        Stages = [.. names.Select((name, i) => new StagePlan(name, Request.Form[$"looksLike-{i}"].ToString(), Request.Form[$"adultsDo-{i}"].ToString()))];
        var review = DateInput.ParseDate(ReviewDueOn);
        var outcome = await plans.SaveAsync(Pupil, Version, new RegulationPlanContent(Stages, Strategies, Avoid, PupilView, ParentView), review, ChangeNote, ct);
        if (outcome.Saved)
        {
            Message = outcome.Unchanged ? "Nothing had changed, so no new version was saved." : $"Regulation plan saved as version {outcome.Current!.Number}.";
            return Redirect($"/pupils/{id}/regulation-plan");
        }

        IsNew = outcome.Current is null && Version is null;
        if (outcome.Conflict)
        {
            Saved = outcome.Current;
            Version = Saved?.Version;
            ModelState.AddModelError("conflict", Saved is null
                ? "The plan was removed while you were editing. Nothing was saved."
                : $"{Saved.UpdatedByName} saved version {Saved.Number} of this plan at {LocalTime.Format(Saved.UpdatedUtc)}, after you opened it. Nothing was saved. Your text is kept below, with theirs beside each part that differs: combine them, then save again.");
            return Page();
        }

        if (!string.IsNullOrWhiteSpace(ReviewDueOn) && review is null)
        {
            ModelState.AddModelError(nameof(ReviewDueOn), "Enter the review date as a real date, like 24/2/2027");
        }

        var order = names.SelectMany((_, i) => new[] { $"looksLike-{i}", $"adultsDo-{i}" })
            .Concat([nameof(Strategies), nameof(Avoid), nameof(PupilView), nameof(ParentView), nameof(ReviewDueOn), nameof(ChangeNote)]);
        foreach (var key in order.Where(k => outcome.Errors.ContainsKey(k) && ModelState.FirstError(k) is null))
        {
            ModelState.AddModelError(key, outcome.Errors[key]);
        }

        return Page();
    }

    /// <summary>What was saved meanwhile for one part, when it differs from what the editor typed; null otherwise.</summary>
    public string? Theirs(string? saved, string? typed) =>
        Saved is not null && (saved ?? "") != (typed ?? "").Trim() ? saved ?? "Not written" : null;
}
