using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>Records a multi-agency meeting about a concern: strategy discussion, conference, core group.</summary>
[GuardedBy(RecordType.Concern, Operation.Amend)]
public sealed class NewMeetingModel(ConcernCasework casework, MultiAgencyWork work) : PageModel
{
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public string? HeldAt { get; set; }
    [BindProperty] public string? Attendees { get; set; }
    [BindProperty] public string? Decisions { get; set; }
    [BindProperty] public string? NextMeetingOn { get; set; }

    public Concern Concern { get; private set; } = null!;

    public async Task OnGetAsync(Guid id)
    {
        Concern = await casework.ForAmendAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Concern = await casework.ForAmendAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        ModelState.Clear();
        var errors = new Dictionary<string, string>();
        var heldAt = DateInput.ParseTime(HeldAt);
        if (!string.IsNullOrWhiteSpace(HeldAt) && heldAt is null)
        {
            errors["HeldAt"] = "Enter the time like 14:30, or leave it blank";
        }

        var next = DateInput.ParseDate(NextMeetingOn);
        if (!string.IsNullOrWhiteSpace(NextMeetingOn) && next is null)
        {
            errors["NextMeetingOn"] = "Enter the next meeting's date like 5/12/2026, or leave it blank";
        }

        var outcome = await work.AddMeetingAsync(Concern,
            new MeetingRequest(ChoiceInput.Parse<MeetingKind>(Kind), DateInput.ParseDate(HeldOn), heldAt, Attendees, Decisions, next), HttpContext.RequestAborted, errors);
        if (outcome.Saved is not null)
        {
            return Redirect($"/safeguarding/concerns/{id}#meetings");
        }

        ModelState.AddAll(outcome.Errors, "Kind", "HeldOn", "HeldAt", "Attendees", "Decisions", "NextMeetingOn");
        return Page();
    }
}
