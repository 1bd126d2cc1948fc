using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.EmergencyAccess;

/// <summary>A pastoral lead asks for emergency access to one pupil's safeguarding records, with the reason.</summary>
[GuardedBy(RecordType.EmergencyAccess, Operation.Create, PerPupil = true)]
public sealed class RequestModel(Safeguarding.EmergencyAccess emergency) : PageModel
{
    [BindProperty] public string? Reason { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;

    public async Task OnGetAsync(Guid id) =>
        Pupil = await emergency.PupilAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        ModelState.Clear();
        Pupil = await emergency.PupilAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        var (grant, error) = await emergency.RequestAsync(Pupil, Reason, HttpContext.RequestAborted);
        if (grant is not null)
        {
            return Redirect($"/safeguarding/pupils/{id}/chronology");
        }

        ModelState.AddModelError(nameof(Reason), error!);
        return Page();
    }
}
