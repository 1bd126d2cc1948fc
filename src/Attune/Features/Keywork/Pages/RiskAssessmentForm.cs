using System.Globalization;
using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.Pages;

/// <summary>
/// The risk assessment form, for a new assessment and for reviewing one. Hazards are rows of the form; "Add
/// another hazard" posts back keeping everything typed, so it works without JavaScript. A review made from an
/// older version saves nothing and says who saved since.
/// </summary>
public abstract class RiskAssessmentForm(RiskAssessments assessments, AppDbContext db, StaffContext staff, TimeProvider clock) : PageModel
{
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Context { get; set; }
    [BindProperty] public Guid? OwnerUserId { get; set; }
    [BindProperty] public List<Guid> SharedWith { get; set; } = [];
    [BindProperty] public string? ReviewDueOn { get; set; }
    [BindProperty] public string? ChangeNote { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;
    public Guid? AssessmentId { get; private set; }
    public List<HazardRow> Hazards { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Owners { get; private set; } = [];

    /// <summary>Staff it can be shared with; those who teach or support the pupil first.</summary>
    public IReadOnlyList<(Guid Id, string Name, bool Teaches)> Shareable { get; private set; } = [];
    public RiskAssessment? Saved { get; private set; }

    /// <summary>The assessment is closed: saving a review reopens it.</summary>
    public bool Reopens { get; protected set; }

    /// <summary>A hazard row as typed: ratings stay text until saved, so a wrong entry is shown back as it was.</summary>
    public sealed record HazardRow(string? Description, string? WhoAtRisk, string? Likelihood, string? Severity, string? Controls, string? ResidualLikelihood, string? ResidualSeverity);

    protected abstract AccessRequirement Requirement { get; }

    protected async Task LoadAsync(Guid id, Guid? assessmentId)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, Requirement, id, ct) ?? throw new NotFoundException();
        AssessmentId = assessmentId;
        Owners = await assessments.OwnersAsync(Pupil.SchoolId, ct);
        var teaching = await SchoolStaff.TeachingAsync(db, id, ct);
        Shareable = [.. (await assessments.ShareableAsync(Pupil.SchoolId, ct))
            .Select(s => (s.Id, s.Name, teaching.Contains(s.Id)))
            .OrderByDescending(s => s.Item3).ThenBy(s => s.Name, StringComparer.Ordinal)];
    }

    protected void Fill(RiskAssessment? assessment)
    {
        var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        Version = assessment?.Version;
        Kind = assessment?.Kind.ToString();
        Title = assessment?.Content.Title;
        Context = assessment?.Content.Context;
        OwnerUserId = assessment?.OwnerUserId ?? (Owners.Any(o => o.Id == staff.UserId) ? staff.UserId : null);
        SharedWith = assessment?.SharedWith.Select(s => s.StaffUserId).ToList() ?? [];
        ReviewDueOn = (assessment is null || assessment.ReviewDueOn < today ? today.AddMonths(1) : assessment.ReviewDueOn).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Hazards = [.. (assessment?.Content.Hazards ?? []).Select(h => new HazardRow(h.Description, h.WhoAtRisk, Num(h.Likelihood), Num(h.Severity), h.Controls, Num(h.ResidualLikelihood), Num(h.ResidualSeverity)))];
        if (Hazards.Count == 0)
        {
            Hazards.Add(new HazardRow(null, null, null, null, null, null, null));
        }
    }

    /// <summary>Adds a blank hazard row, keeping everything typed.</summary>
    protected async Task AddRowAsync(Guid id, Guid? assessmentId)
    {
        ModelState.Clear();
        await LoadAsync(id, assessmentId);
        Hazards = ReadRows();
        Hazards.Add(new HazardRow(null, null, null, null, null, null, null));
    }

    protected async Task<IActionResult> SaveAsync(Guid id, Guid? assessmentId)
    {
        ModelState.Clear();
        var ct = HttpContext.RequestAborted;
        await LoadAsync(id, assessmentId);
        Hazards = ReadRows();
        var review = DateInput.ParseDate(ReviewDueOn);
        var input = new RiskAssessmentInput(
            ChoiceInput.Parse<RiskKind>(Kind),
            new RiskAssessmentContent(Title ?? "", Context, [.. Hazards.Select(h => new Hazard(h.Description ?? "", h.WhoAtRisk, Rating(h.Likelihood), Rating(h.Severity), h.Controls, Rating(h.ResidualLikelihood), Rating(h.ResidualSeverity)))]),
            OwnerUserId, SharedWith, review, ChangeNote);
        var outcome = await assessments.SaveAsync(Pupil, assessmentId, Version, input, ct);
        if (outcome.Saved)
        {
            TempData["Message"] = outcome.Unchanged ? "Nothing had changed, so no new version was saved." : $"Risk assessment saved as version {outcome.Current!.Number}. A pastoral lead signs it off.";
            return Redirect($"/pupils/{id}/risk-assessments/{outcome.Current!.Id}");
        }

        if (outcome.Conflict)
        {
            Saved = outcome.Current;
            Version = Saved?.Version;
            ModelState.AddModelError("conflict", Saved is null
                ? "This risk assessment is no longer there for you to review. Nothing was saved."
                : $"{Saved.UpdatedByName} saved version {Saved.Number} at {LocalTime.Format(Saved.UpdatedUtc)}, after you opened it. Nothing was saved. Your review is kept below; read their version, then save again.");
            return Page();
        }

        if (!string.IsNullOrWhiteSpace(ReviewDueOn) && review is null)
        {
            ModelState.AddModelError(nameof(ReviewDueOn), "Enter the review date as a real date, like 24/12/2026");
        }

        var order = new[] { nameof(Kind), nameof(Title), nameof(Context) }
            .Concat(Hazards.SelectMany((_, i) => new[] { "description", "who", "likelihood", "severity", "controls", "residual-likelihood", "residual-severity" }.Select(p => $"hazard-{i}-{p}")))
            .Concat([nameof(OwnerUserId), nameof(SharedWith), nameof(ReviewDueOn), nameof(ChangeNote)]);
        foreach (var key in order.Where(k => outcome.Errors.ContainsKey(k) && ModelState.FirstError(k) is null))
        {
            ModelState.AddModelError(key, outcome.Errors[key]);
        }

        return Page();
    }

    private List<HazardRow> ReadRows()
    {
        var rows = new List<HazardRow>();
        for (var i = 0; i < RiskAssessments.MaxHazards + 1 && Request.Form.ContainsKey($"hazard-{i}-description"); i++)
        {
            string? Field(string part) => Request.Form[$"hazard-{i}-{part}"].ToString() is { Length: > 0 } value ? value : null;
            rows.Add(new HazardRow(Field("description"), Field("who"), Field("likelihood"), Field("severity"), Field("controls"), Field("residual-likelihood"), Field("residual-severity")));
        }

        return rows.Count == 0 ? [new HazardRow(null, null, null, null, null, null, null)] : rows;
    }

    private static int Rating(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 5 ? value : 0;

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
