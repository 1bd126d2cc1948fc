using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>
/// Downloads one of a concern's files, for the DSL team who may read the concern, audited against each of its
/// pupils. Always offered as a download (never shown inline in Attune's own origin), under its checked type.
/// </summary>
[GuardedBy(RecordType.Concern, Operation.Read)]
public sealed class AttachmentModel(ConcernAttachments attachments) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, Guid attachmentId)
    {
        var download = await attachments.DownloadAsync(id, attachmentId, HttpContext.RequestAborted) ?? throw new NotFoundException();
        return File(download.Bytes, AttachmentRules.ContentType(download.Attachment.Kind), download.Attachment.FileName);
    }
}
