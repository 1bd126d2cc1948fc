using System.Globalization;
using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Keywork.Pages;

/// <summary>
/// The support plan form, for a new plan and for a review. Targets and interventions are rows; "Add another" posts
/// back keeping everything typed, so it works without JavaScript. A review from an older version saves nothing.
/// </summary>
public abstract class SupportPlanForm(SupportPlans plans, StaffContext staff, TimeProvider clock) : PageModel
{
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Needs { get; set; }
    [BindProperty] public string? Strategies { get; set; }
    [BindProperty] public string? PupilView { get; set; }
    [BindProperty] public string? ParentView { get; set; }
    [BindProperty] public string? ReviewDueOn { get; set; }
    [BindProperty] public string? ChangeNote { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;
    public Guid? PlanId { get; private set; }
    public List<TargetRow> Targets { get; private set; } = [];
    public List<InterventionRow> Interventions { get; private set; } = [];
    public SupportPlan? Saved { get; private set; }

    public sealed record TargetRow(string? Description, string? Measure, string? ByDate, string? Outcome, string? Evidence);
    public sealed record InterventionRow(string? What, string? HowOften, string? Who, string? StartsOn, string? EndsOn);

    protected abstract AccessRequirement Requirement { get; }

    protected async Task LoadAsync(Guid id, Guid? planId)
    {
        Pupil = await PupilChoice.FindAsync(staff, Requirement, id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        PlanId = planId;
    }

    protected void Fill(SupportPlan? plan)
    {
        var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        var c = plan?.Content ?? SupportPlanContent.Empty;
        (Version, Title, Needs, Strategies, PupilView, ParentView) = (plan?.Version, plan?.Content.Title, c.Needs, c.Strategies, c.PupilView, c.ParentView);
        ReviewDueOn = (plan is null || plan.ReviewDueOn < today ? today.AddDays(42) : plan.ReviewDueOn).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Targets = [.. c.Targets.Select(t => new TargetRow(t.Description, t.Measure, Iso(t.ByDate), t.Outcome.ToString(), t.Evidence))];
        Interventions = [.. c.Interventions.Select(v => new InterventionRow(v.What, v.HowOften, v.Who, Iso(v.StartsOn), Iso(v.EndsOn)))];
        Pad();
    }

    /// <summary>Adds a blank target or intervention row (<paramref name="what"/>), keeping everything typed.</summary>
    protected async Task AddRowAsync(Guid id, Guid? planId, string? what)
    {
        ModelState.Clear();
        await LoadAsync(id, planId);
        (Targets, Interventions) = (ReadTargets(), ReadInterventions());
        if (what == "intervention")
        {
            Interventions.Add(new InterventionRow(null, null, null, null, null));
        }
        else
        {
            Targets.Add(new TargetRow(null, null, null, null, null));
        }
    }

    protected async Task<IActionResult> SaveAsync(Guid id, Guid? planId)
    {
        ModelState.Clear();
        await LoadAsync(id, planId);
        (Targets, Interventions) = (ReadTargets(), ReadInterventions());
        var typed = new Dictionary<string, string>();
        DateOnly? Date(string? text, string key, string label)
        {
            var date = DateInput.ParseDate(text);
            if (!string.IsNullOrWhiteSpace(text) && date is null)
            {
                typed[key] = $"{label}: enter a real date, like 24/2/2027";
            }

            return date;
        }

        var content = new SupportPlanContent(Title ?? "", Needs,
            [.. Targets.Select((t, i) => new PlanTarget(t.Description ?? "", t.Measure, Date(t.ByDate, $"target-{i}-by", $"Target {i + 1}: by when"),
                ChoiceInput.Parse<TargetOutcome>(t.Outcome) ?? TargetOutcome.NotYetReviewed, t.Evidence))],
            [.. Interventions.Select((v, i) => new PlanIntervention(v.What ?? "", v.HowOften, v.Who,
                Date(v.StartsOn, $"intervention-{i}-starts", $"Intervention {i + 1}: start"), Date(v.EndsOn, $"intervention-{i}-ends", $"Intervention {i + 1}: end")))],
            Strategies, PupilView, ParentView);
        var review = Date(ReviewDueOn, nameof(ReviewDueOn), "Review due");
        if (typed.Count == 0)
        {
            var outcome = await plans.SaveAsync(Pupil, planId, Version, content, review, ChangeNote, HttpContext.RequestAborted);
            if (outcome.Saved)
            {
                TempData["Message"] = outcome.Unchanged ? "Nothing had changed, so no new version was saved." : $"Support plan saved as version {outcome.Current!.Number}.";
                return Redirect($"/pupils/{id}/support-plans/{outcome.Current!.Id}");
            }

            if (outcome.Conflict)
            {
                Saved = outcome.Current;
                Version = Saved?.Version;
                ModelState.AddModelError("conflict", Saved is null
                    ? "This plan is no longer there to review. Nothing was saved."
                    : $"{Saved.UpdatedByName} saved version {Saved.Number} at {LocalTime.Format(Saved.UpdatedUtc)}, after you opened it. Nothing was saved. Your review is kept below; read their version, then save again.");
                return Page();
            }

            foreach (var (key, message) in outcome.Errors)
            {
                typed.TryAdd(key, message);
            }
        }

        var order = new[] { nameof(Title), nameof(Needs) }
            .Concat(Targets.SelectMany((_, i) => new[] { "description", "measure", "by", "outcome", "evidence" }.Select(p => $"target-{i}-{p}")))
            .Concat(Interventions.SelectMany((_, i) => new[] { "what", "often", "who", "starts", "ends" }.Select(p => $"intervention-{i}-{p}")))
            .Concat([nameof(Strategies), nameof(PupilView), nameof(ParentView), nameof(ReviewDueOn), nameof(ChangeNote)]);
        foreach (var key in order.Where(typed.ContainsKey))
        {
            ModelState.AddModelError(key, typed[key]);
        }

        return Page();
    }

    private void Pad()
    {
        if (Targets.Count == 0)
        {
            Targets.Add(new TargetRow(null, null, null, null, null));
        }

        if (Interventions.Count == 0)
        {
            Interventions.Add(new InterventionRow(null, null, null, null, null));
        }
    }

    private List<TargetRow> ReadTargets() => Rows("target", "description", (f) => new TargetRow(f("description"), f("measure"), f("by"), f("outcome"), f("evidence")),
        () => new TargetRow(null, null, null, null, null));

    private List<InterventionRow> ReadInterventions() => Rows("intervention", "what", (f) => new InterventionRow(f("what"), f("often"), f("who"), f("starts"), f("ends")),
        () => new InterventionRow(null, null, null, null, null));

    private List<T> Rows<T>(string prefix, string first, Func<Func<string, string?>, T> read, Func<T> blank)
    {
        var rows = new List<T>();
        for (var i = 0; i <= SupportPlans.MaxRows && Request.Form.ContainsKey($"{prefix}-{i}-{first}"); i++)
        {
            var index = i;
            rows.Add(read(part => Request.Form[$"{prefix}-{index}-{part}"].ToString() is { Length: > 0 } value ? value : null));
        }

        return rows.Count == 0 ? [blank()] : rows;
    }

    private static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
