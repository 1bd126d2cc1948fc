using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Incidents.Pages;

/// <summary>
/// Telling the staff who teach a pupil what they need to know, often straight after an incident: who it will go to,
/// the update, and what the member of staff sent before about this pupil (an audited read).
/// </summary>
[GuardedBy(RecordType.StaffBriefing, Operation.Create, PerPupil = true)]
public sealed class BriefingModel(StaffBriefings briefings, StaffContext staff, AppDbContext db, AuditTrail audit) : PageModel
{
    [BindProperty] public string? Text { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Incident { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<(Guid Id, string Name)> Recipients { get; private set; } = [];
    public IReadOnlyList<(StaffBriefing Briefing, int Recipients, int Read)> Sent { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id) => await LoadAsync(id);

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        ModelState.Clear();
        var result = await briefings.SendAsync(id, Text, Incident, HttpContext.RequestAborted) ?? throw new NotFoundException();
        if (result.Errors.Count == 0)
        {
            Message = "Sent. The staff who teach or support the pupil have been told.";
            return Redirect($"/pupils/{id}/briefing");
        }

        ModelState.AddAll(result.Errors);
        await LoadAsync(id);
        return Page();
    }

    private async Task LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, StaffBriefings.Create, id, ct) ?? throw new NotFoundException();
        Recipients = await briefings.RecipientsAsync(id, ct);
        Sent = await briefings.SentAsync(id, ct);
        if (Sent.Count > 0)
        {
            audit.RecordRead(nameof(RecordType.StaffBriefing), id, id, Pupil.SchoolId);
            await db.SaveChangesAsync(ct);
        }
    }
}
