using Attune.Platform.Authorization;
using Attune.Platform.Documents;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.ChildProtectionFile;

/// <summary>
/// Downloads a pupil's chronology as a PDF (a POST, so it is never prefetched or left in a history). The export is
/// audited against the pupil as an export, with the filter it was made with.
/// </summary>
[GuardedBy(RecordType.Concern, Operation.Read, PerPupil = true)]
public sealed class ExportModel(Chronology chronology, PdfRenderer pdf, StaffContext staff, TimeProvider clock) : PageModel
{
    [BindProperty(Name = "type")] public List<string> Types { get; set; } = [];
    [BindProperty(Name = "category")] public Guid? CategoryId { get; set; }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var filter = new ChronologyFilter(Types.Select(ChoiceInput.Parse<ChronologyEventType>).OfType<ChronologyEventType>().ToList(), CategoryId);
        var result = await chronology.ForPupilAsync(id, filter, "export", ct) ?? throw new NotFoundException();
        var bytes = await pdf.RenderAsync(ChronologyDocument.For(result, filter, staff.User!.DisplayName, clock.GetUtcNow().UtcDateTime), ct);
        Response.Headers.CacheControl = "no-store";
        return File(bytes, "application/pdf", $"chronology-{LocalTime.ToUk(clock.GetUtcNow().UtcDateTime):yyyy-MM-dd}.pdf");
    }
}
