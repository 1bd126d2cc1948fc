using Attune.Features.Schools;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Pupils.Import.Pages;

/// <summary>Upload a pupil CSV: check it first, then import it. All or nothing, with every bad row listed.</summary>
[RequestSizeLimit(PupilImporter.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = PupilImporter.MaxBytes + 1024 * 1024)]
[GuardedBy(RecordType.PupilImport, Operation.Import)]
public sealed class UploadModel(AppDbContext db, IAuthorizationService authorization, PupilImporter importer) : PageModel
{
    public School School { get; private set; } = null!;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Mapping { get; set; }

    public ImportResult? Result { get; private set; }

    public Task OnGetAsync(Guid id) => LoadAsync(id);

    /// <summary>A post that names no handler is not a form on this page (refused as any other post would be, first).</summary>
    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        await LoadAsync(id);
        return BadRequest();
    }

    public Task<IActionResult> OnPostCheckAsync(Guid id) => RunAsync(id, dryRun: true);

    public Task<IActionResult> OnPostImportAsync(Guid id) => RunAsync(id, dryRun: false);

    private async Task<IActionResult> RunAsync(Guid id, bool dryRun)
    {
        await LoadAsync(id);
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Select a CSV file to upload");
            return Page();
        }

        if (Upload.Length > PupilImporter.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), "The file must be 10 MB or smaller");
            return Page();
        }

        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, HttpContext.RequestAborted);
        Result = await importer.ImportAsync(School, buffer.ToArray(), Mapping, dryRun, HttpContext.RequestAborted);
        return Page();
    }

    private async Task LoadAsync(Guid id)
    {
        School = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id) ?? throw new NotFoundException();
        await authorization.AuthorizeOrNotFoundAsync(User, School, SchoolOperations.ImportPupils);
    }
}
