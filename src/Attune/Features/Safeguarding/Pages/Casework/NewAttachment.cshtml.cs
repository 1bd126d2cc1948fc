using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>Adds a photo or document to a concern: a copy of a referral form, a letter, a photo of a note.</summary>
[GuardedBy(RecordType.Concern, Operation.Amend)]
[RequestSizeLimit(AttachmentRules.MaxBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentRules.MaxBytes + (1024 * 1024))]
public sealed class NewAttachmentModel(ConcernCasework casework, ConcernAttachments attachments) : PageModel
{
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Description { get; set; }

    public Concern Concern { get; private set; } = null!;

    public async Task OnGetAsync(Guid id) =>
        Concern = await casework.ForAmendAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        ModelState.Clear();
        Concern = await casework.ForAmendAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        var upload = Upload is { Length: > 0 } file ? await UploadedFile.ReadAsync(file, HttpContext.RequestAborted) : null;
        var (_, errors) = await attachments.AddAsync(Concern, upload, Description, HttpContext.RequestAborted);
        if (errors.Count == 0)
        {
            return Redirect($"/safeguarding/concerns/{id}#attachments");
        }

        ModelState.AddAll(errors.ToDictionary(e => e.Key == "File" ? nameof(Upload) : e.Key, e => e.Value), nameof(Upload), nameof(Description));
        return Page();
    }
}
