using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>
/// A DSL marks a concern entered in error (the wrong pupil, a duplicate), with the reason. It is closed and stays
/// in the record and the chronology, marked; a deputy, who may work on the concern, is refused here (404).
/// </summary>
[GuardedBy(RecordType.DslOnlyConcern, Operation.Amend)]
public sealed class InErrorModel(ConcernCasework casework, ConcernCorrections corrections) : PageModel
{
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public int Version { get; set; }

    public Concern Concern { get; private set; } = null!;
    public bool Conflict { get; private set; }

    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);
        Version = Concern.Version;
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        await LoadAsync(id);
        ModelState.Clear();
        var outcome = await corrections.MarkInErrorAsync(Concern, Reason, Version, HttpContext.RequestAborted);
        if (outcome.Saved is not null)
        {
            return Redirect($"/safeguarding/concerns/{id}");
        }

        if (outcome.Conflict)
        {
            await LoadAsync(id);
            Conflict = true;
            Version = Concern.Version;
            return Page();
        }

        ModelState.AddAll(outcome.Errors, "Reason");
        return Page();
    }

    private async Task LoadAsync(Guid id)
    {
        Concern = await casework.ForAmendAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        if (!await corrections.MayMarkInErrorAsync(Concern, HttpContext.RequestAborted))
        {
            throw new NotFoundException();
        }
    }
}
