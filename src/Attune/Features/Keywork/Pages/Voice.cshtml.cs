using System.Globalization;
using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Keywork.Pages;

/// <summary>The pupil's voice: their views in their own words or chosen medium, for reviews and meetings. Audited.</summary>
[GuardedBy(RecordType.PupilVoice, Operation.Read, PerPupil = true)]
public sealed class VoiceModel(PupilVoiceAndAdulthood voice, AppDbContext db, StaffContext staff, AuditTrail audit, TimeProvider clock) : PageModel
{
    [BindProperty] public string? GivenOn { get; set; }
    [BindProperty] public string? Medium { get; set; }
    [BindProperty] public string? Views { get; set; }
    [BindProperty] public string? ForWhat { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<PupilVoiceEntry> Entries { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);
        GivenOn = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Medium = nameof(VoiceMedium.OwnWords);
        audit.RecordRead(nameof(RecordType.PupilVoice), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    [GuardedBy(RecordType.PupilVoice, Operation.Create, PerPupil = true)]
    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        ModelState.Clear();
        var pupil = await PupilChoice.FindAsync(staff, PupilVoiceAndAdulthood.CreateVoice, id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        var given = DateInput.ParseDate(GivenOn);
        var (entry, errors) = await voice.RecordVoiceAsync(pupil, given, ChoiceInput.Parse<VoiceMedium>(Medium), Views, ForWhat, HttpContext.RequestAborted);
        if (entry is not null)
        {
            Message = "The pupil’s views are recorded.";
            return Redirect($"/pupils/{id}/voice");
        }

        var all = errors.ToDictionary();
        if (!string.IsNullOrWhiteSpace(GivenOn) && given is null)
        {
            all["GivenOn"] = "Enter the date as a real date, like 24/11/2026";
        }

        ModelState.AddAll(all, nameof(GivenOn), nameof(Medium), nameof(Views), nameof(ForWhat));
        await LoadAsync(id);
        return Page();
    }

    private async Task LoadAsync(Guid id)
    {
        Pupil = await PupilChoice.FindAsync(staff, PupilVoiceAndAdulthood.ReadVoice, id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        Entries = await voice.VoiceAsync(id, HttpContext.RequestAborted);
    }
}
