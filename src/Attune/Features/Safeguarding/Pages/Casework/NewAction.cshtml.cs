using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>Adds an action to a concern: what, who, by when.</summary>
[GuardedBy(RecordType.Concern, Operation.Amend)]
public sealed class NewActionModel(ConcernCasework casework, StaffContext staff) : PageModel
{
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public Guid? OwnerUserId { get; set; }
    [BindProperty] public string? DueOn { get; set; }

    public Concern Concern { get; private set; } = null!;
    public IReadOnlyList<(Guid Id, string Name)> Owners { get; private set; } = [];

    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);
        OwnerUserId = Owners.Any(o => o.Id == staff.UserId) ? staff.UserId : null;
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        await LoadAsync(id);
        ModelState.Clear();
        var errors = await casework.AddActionAsync(Concern, Description, OwnerUserId, DateInput.ParseDate(DueOn), HttpContext.RequestAborted);
        if (errors.Count == 0)
        {
            return Redirect($"/safeguarding/concerns/{id}#actions");
        }

        foreach (var field in new[] { "Description", "OwnerUserId", "DueOn" })
        {
            if (errors.TryGetValue(field, out var message))
            {
                ModelState.AddModelError(field, message);
            }
        }

        return Page();
    }

    private async Task LoadAsync(Guid id)
    {
        Concern = await casework.ForAmendAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        Owners = await casework.OwnersAsync(Concern, HttpContext.RequestAborted);
    }
}
