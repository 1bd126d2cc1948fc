using Attune.Features.Safeguarding.Transfer;
using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>Imports a child protection file another school sent, with its passphrase, into a matched or new pupil.</summary>
[GuardedBy(RecordType.ProtectionFileTransfer, Operation.Import, NoRecord = true)]
[RequestSizeLimit(ProtectionFilePackage.MaxPackageBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = ProtectionFilePackage.MaxPackageBytes + (1024 * 1024))]
public sealed class ImportFileModel(ProtectionFileTransfers transfers, StaffContext staff) : PageModel
{
    [BindProperty] public IFormFile? Package { get; set; }
    [BindProperty] public string? Passphrase { get; set; }
    [BindProperty] public Guid? SchoolId { get; set; }

    public IReadOnlyList<(Guid Id, string Name)> Schools { get; private set; } = [];
    public ImportOutcome? Outcome { get; private set; }

    public void OnGet() => Load();

    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.Clear();
        Load();
        if (Schools.Count == 1)
        {
            SchoolId = Schools[0].Id;
        }

        byte[]? bytes = null;
        if (Package is { Length: > 0 } file && file.Length <= ProtectionFilePackage.MaxPackageBytes)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, HttpContext.RequestAborted);
            bytes = buffer.ToArray();
        }

        var (outcome, errors) = await transfers.ImportAsync(bytes, Passphrase, SchoolId, HttpContext.RequestAborted);
        Outcome = outcome;
        ModelState.AddAll(errors, nameof(SchoolId), nameof(Package), nameof(Passphrase));
        Passphrase = null;
        return Page();
    }

    private void Load()
    {
        var grant = staff.GrantFor(RecordType.ProtectionFileTransfer, Operation.Import);
        if (grant.IsEmpty)
        {
            throw new NotFoundException();
        }

        Schools = [.. staff.Schools.Where(s => grant.WholeSchools.Contains(s.Id)).Select(s => (s.Id, s.Name))];
    }
}
