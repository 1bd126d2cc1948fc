using Attune.Features.Pupils;
using Attune.Features.Safeguarding.Transfer;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding.Pages.ChildProtectionFile;

/// <summary>
/// Sending a pupil's child protection file to their new school: the sealed package, its one-time passphrase,
/// the record of to whom and how it went, and the confirmation of receipt. Files received for the pupil from
/// their old school are listed with the sender's chronology.
/// </summary>
[GuardedBy(RecordType.ProtectionFileTransfer, Operation.Read, PerPupil = true)]
public sealed class TransferModel(ProtectionFileTransfers transfers, AppDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty] public string? ToSchool { get; set; }
    [BindProperty] public string? ToSchoolUrn { get; set; }
    [BindProperty] public string? ToPerson { get; set; }
    [BindProperty] public string? Method { get; set; }
    [BindProperty] public string? SentOn { get; set; }
    [BindProperty] public string? ReceiptConfirmedOn { get; set; }
    [BindProperty] public string? ReceiptConfirmedBy { get; set; }
    [BindProperty] public string? ReceiptCode { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<ProtectionFileTransfer> Transfers { get; private set; } = [];
    public IReadOnlyList<ReceivedLine> Received { get; private set; } = [];
    public bool MaySend { get; private set; }
    public bool MayRecordReceipt { get; private set; }
    public ProtectionFileTransfer? Sent { get; private set; }
    public string? Passphrase { get; private set; }
    public Guid? ReceiptFor { get; private set; }

    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);
        SentOn = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    [GuardedBy(RecordType.ProtectionFileTransfer, Operation.Create, PerPupil = true)]
    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        ModelState.Clear();
        Pupil = await transfers.PupilAsync(id, ProtectionFileTransfers.Send, HttpContext.RequestAborted) ?? throw new NotFoundException();
        var request = new SendRequest(ToSchool, ToSchoolUrn, ToPerson, ChoiceInput.Parse<TransferMethod>(Method), DateInput.ParseDate(SentOn));
        var (transfer, passphrase, errors) = await transfers.SendAsync(Pupil, request, HttpContext.RequestAborted);
        if (transfer is not null)
        {
            (Sent, Passphrase) = (transfer, passphrase);
        }
        else
        {
            ModelState.AddAll(errors, nameof(ToSchool), nameof(ToSchoolUrn), nameof(ToPerson), nameof(Method), nameof(SentOn));
        }

        await LoadAsync(id);
        return Page();
    }

    [GuardedBy(RecordType.ProtectionFileTransfer, Operation.Amend, PerPupil = true)]
    public async Task<IActionResult> OnPostReceiptAsync(Guid id, Guid transferId)
    {
        ModelState.Clear();
        _ = await transfers.PupilAsync(id, new AccessRequirement(RecordType.ProtectionFileTransfer, Operation.Amend), HttpContext.RequestAborted) ?? throw new NotFoundException();
        var errors = await transfers.RecordReceiptAsync(id, transferId, DateInput.ParseDate(ReceiptConfirmedOn), ReceiptConfirmedBy, ReceiptCode, HttpContext.RequestAborted);
        if (errors.Count == 0)
        {
            return Redirect($"/safeguarding/pupils/{id}/transfer#sent");
        }

        ReceiptFor = transferId;
        ModelState.AddAll(errors, nameof(ReceiptConfirmedOn), nameof(ReceiptConfirmedBy), nameof(ReceiptCode));
        await LoadAsync(id);
        return Page();
    }

    /// <summary>Downloads a transfer's sealed package again (useless without its passphrase); audited.</summary>
    public async Task<IActionResult> OnGetPackageAsync(Guid id, Guid transferId)
    {
        _ = await transfers.PupilAsync(id, new AccessRequirement(RecordType.ProtectionFileTransfer, Operation.Read), HttpContext.RequestAborted) ?? throw new NotFoundException();
        var package = await transfers.PackageAsync(id, transferId, HttpContext.RequestAborted) ?? throw new NotFoundException();
        return File(package.Package, "application/octet-stream", $"child-protection-file-{package.Transfer.SentOn:yyyy-MM-dd}.attune-cpf");
    }

    /// <summary>The chronology PDF a sending school made, as it came in a received file; audited.</summary>
    public async Task<IActionResult> OnGetReceivedAsync(Guid id, Guid fileId)
    {
        _ = await transfers.PupilAsync(id, new AccessRequirement(RecordType.ProtectionFileTransfer, Operation.Read), HttpContext.RequestAborted) ?? throw new NotFoundException();
        var file = await transfers.ReceivedChronologyAsync(id, fileId, HttpContext.RequestAborted) ?? throw new NotFoundException();
        return File(file, "application/pdf", "received-chronology.pdf");
    }

    private async Task LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await transfers.PupilAsync(id, new AccessRequirement(RecordType.ProtectionFileTransfer, Operation.Read), ct) ?? throw new NotFoundException();
        Transfers = await transfers.ForPupilAsync(id, ct);
        Received = await db.ReceivedProtectionFiles.AsNoTracking().Where(r => r.PupilId == id).OrderByDescending(r => r.ImportedUtc)
            .Select(r => new ReceivedLine(r.Id, r.FromSchool, r.FromUrn, r.ExportedUtc, r.ExportedBy, r.ImportedUtc, r.ImportedByName, r.Concerns))
            .ToListAsync(ct);
        MaySend = await transfers.PupilAsync(id, ProtectionFileTransfers.Send, ct) is not null;
        MayRecordReceipt = await transfers.PupilAsync(id, new AccessRequirement(RecordType.ProtectionFileTransfer, Operation.Amend), ct) is not null;
    }

    public sealed record ReceivedLine(Guid Id, string FromSchool, string? FromUrn, DateTime ExportedUtc, string ExportedBy, DateTime ImportedUtc, string ImportedBy, int Concerns);
}
