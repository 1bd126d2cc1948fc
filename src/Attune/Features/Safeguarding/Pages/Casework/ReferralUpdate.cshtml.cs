using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>Records the agency's response to a referral, or an escalation when it is late or not good enough.</summary>
[GuardedBy(RecordType.Concern, Operation.Amend)]
public sealed class ReferralUpdateModel(ConcernCasework casework, MultiAgencyWork work) : PageModel
{
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? On { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? NewResponseDueOn { get; set; }
    [BindProperty] public int Version { get; set; }

    public Concern Concern { get; private set; } = null!;
    public Referral Referral { get; private set; } = null!;
    public bool Conflict { get; private set; }

    public async Task OnGetAsync(Guid id, Guid referralId, string? kind)
    {
        await LoadAsync(id, referralId);
        Version = Referral.Version;
        Kind = ChoiceInput.Parse<ReferralUpdateKind>(kind)?.ToString();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid referralId)
    {
        await LoadAsync(id, referralId);
        ModelState.Clear();
        var errors = new Dictionary<string, string>();
        var newDue = DateInput.ParseDate(NewResponseDueOn);
        if (!string.IsNullOrWhiteSpace(NewResponseDueOn) && newDue is null)
        {
            errors["NewResponseDueOn"] = "Enter the new due date like 5/12/2026, or leave it blank";
        }

        var outcome = await work.UpdateReferralAsync(Concern, Referral,
            new ReferralUpdateRequest(ChoiceInput.Parse<ReferralUpdateKind>(Kind), Version, DateInput.ParseDate(On), Note, newDue), HttpContext.RequestAborted, errors);
        if (outcome.Saved is not null)
        {
            return Redirect($"/safeguarding/concerns/{id}#referrals");
        }

        if (outcome.Conflict)
        {
            await LoadAsync(id, referralId);
            Conflict = true;
            Version = Referral.Version;
            return Page();
        }

        ModelState.AddAll(outcome.Errors, "Kind", "On", "Note", "NewResponseDueOn");
        return Page();
    }

    private async Task LoadAsync(Guid id, Guid referralId)
    {
        Concern = await casework.ForAmendAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        Referral = await work.ReferralAsync(Concern, referralId, HttpContext.RequestAborted) ?? throw new NotFoundException();
    }
}
