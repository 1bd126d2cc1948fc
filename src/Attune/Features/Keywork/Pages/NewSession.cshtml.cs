using System.Globalization;
using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Keywork.Pages;

/// <summary>
/// Recording a one-to-one keywork session. "Save and report a safeguarding concern" saves the session and opens the
/// concern form with the pupil chosen; the session links to the concern once it is sent.
/// </summary>
[GuardedBy(RecordType.KeyworkSession, Operation.Create, PerPupil = true)]
public sealed class NewSessionModel(KeyworkSessions sessions, StaffContext staff, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public string? StartedAt { get; set; }
    [BindProperty] public string? DurationMinutes { get; set; }
    [BindProperty] public List<string> Themes { get; set; } = [];
    [BindProperty] public string? Discussed { get; set; }
    [BindProperty] public string? PupilWords { get; set; }
    [BindProperty] public string? StrategiesPractised { get; set; }
    [BindProperty] public string? NextSteps { get; set; }
    [BindProperty] public string? NextStepsDueOn { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<string> ThemeChoices { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);
        Kind = nameof(SessionKind.Planned);
        HeldOn = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? then)
    {
        ModelState.Clear();
        await LoadAsync(id);
        var heldOn = DateInput.ParseDate(HeldOn);
        var startedAt = DateInput.ParseTime(StartedAt);
        var dueOn = DateInput.ParseDate(NextStepsDueOn);
        int? duration = int.TryParse(DurationMinutes, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) ? minutes : null;
        var typed = new Dictionary<string, string>();
        if (!string.IsNullOrWhiteSpace(HeldOn) && heldOn is null)
        {
            typed[nameof(HeldOn)] = "Enter the date of the session as a real date, like 24/11/2026";
        }

        if (!string.IsNullOrWhiteSpace(StartedAt) && startedAt is null)
        {
            typed[nameof(StartedAt)] = "Enter the time the session started like 10:15, or leave it blank";
        }

        if (!string.IsNullOrWhiteSpace(NextStepsDueOn) && dueOn is null)
        {
            typed[nameof(NextStepsDueOn)] = "Enter the date the next steps are due as a real date, or leave it blank";
        }

        var (session, errors) = await sessions.RecordAsync(Pupil, new SessionRecord(
            ChoiceInput.Parse<SessionKind>(Kind), heldOn, startedAt, duration, Themes, Discussed, PupilWords, StrategiesPractised, NextSteps, dueOn),
            HttpContext.RequestAborted, save: typed.Count == 0);

        if (session is not null)
        {
            if (then == "concern")
            {
                return Redirect($"/concerns/new?pupil={id}&session={session.Id}");
            }

            Message = "Session recorded.";
            return Redirect($"/pupils/{id}/keywork");
        }

        // A date or time typed wrongly keeps its own message, in place of the service's "enter the date".
        var all = errors.Concat(typed.Where(t => !errors.ContainsKey(t.Key))).ToDictionary(e => e.Key, e => typed.GetValueOrDefault(e.Key, e.Value));
        ModelState.AddAll(all, nameof(Kind), nameof(HeldOn), nameof(StartedAt), nameof(DurationMinutes), nameof(Themes), nameof(Discussed),
            nameof(PupilWords), nameof(StrategiesPractised), nameof(NextSteps), nameof(NextStepsDueOn));
        return Page();
    }

    private async Task LoadAsync(Guid id)
    {
        Pupil = await PupilChoice.FindAsync(staff, KeyworkSessions.Create, id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        ThemeChoices = await sessions.ThemesAsync(Pupil.SchoolId, HttpContext.RequestAborted);
    }
}
