using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>Records a referral made about a concern: to whom, when, how, their reference, and when a response is due.</summary>
[GuardedBy(RecordType.Concern, Operation.Amend)]
public sealed class NewReferralModel(ConcernCasework casework, MultiAgencyWork work) : PageModel
{
    public static readonly string[] FieldOrder = ["Agency", "AgencyName", "MadeOn", "MadeAt", "Method", "Reference", "Summary", "ResponseDueOn"];

    [BindProperty] public string? Agency { get; set; }
    [BindProperty] public string? AgencyName { get; set; }
    [BindProperty] public string? MadeOn { get; set; }
    [BindProperty] public string? MadeAt { get; set; }
    [BindProperty] public string? Method { get; set; }
    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? ResponseDueOn { get; set; }

    public Concern Concern { get; private set; } = null!;

    public async Task OnGetAsync(Guid id)
    {
        Concern = await casework.ForAmendAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Concern = await casework.ForAmendAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        ModelState.Clear();
        var madeAt = DateInput.ParseTime(MadeAt);
        var responseDue = DateInput.ParseDate(ResponseDueOn);
        var request = new ReferralRequest(
            ChoiceInput.Parse<ReferralAgency>(Agency),
            AgencyName, Reference, DateInput.ParseDate(MadeOn), madeAt,
            ChoiceInput.Parse<ReferralMethod>(Method),
            Summary, responseDue);
        var errors = new Dictionary<string, string>();
        if (!string.IsNullOrWhiteSpace(MadeAt) && madeAt is null)
        {
            errors["MadeAt"] = "Enter the time like 14:30, or leave it blank";
        }

        if (!string.IsNullOrWhiteSpace(ResponseDueOn) && responseDue is null)
        {
            errors["ResponseDueOn"] = "Enter the response due date like 5/12/2026, or leave it blank";
        }

        var outcome = await work.AddReferralAsync(Concern, request, HttpContext.RequestAborted, errors);
        if (outcome.Saved is not null)
        {
            return Redirect($"/safeguarding/concerns/{id}#referrals");
        }

        ModelState.AddAll(outcome.Errors, FieldOrder);
        return Page();
    }
}
