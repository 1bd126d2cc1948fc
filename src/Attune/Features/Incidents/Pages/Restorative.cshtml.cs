using System.Globalization;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Incidents.Pages;

/// <summary>Recording a restorative conversation or a pupil's reflection after an incident.</summary>
[GuardedBy(RecordType.Incident, Operation.Amend)]
public sealed class RestorativeModel(Incidents incidents, AppDbContext db, AuditTrail audit, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public Guid? PupilId { get; set; }
    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public string? WhatHappened { get; set; }
    [BindProperty] public string? WhoAffected { get; set; }
    [BindProperty] public string? WhatNeeded { get; set; }
    [BindProperty] public string? AgreedRepair { get; set; }
    [BindProperty] public string? RepairByOn { get; set; }
    [BindProperty] public string? PupilView { get; set; }

    public Incident Incident { get; private set; } = null!;

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);

        // The form shows the incident and its pupils: opening it is a read, audited as viewing the incident is.
        foreach (var pupil in Incident.Pupils)
        {
            audit.RecordRead(nameof(RecordType.Incident), id, pupil.PupilId, Incident.SchoolId);
        }

        await db.SaveChangesAsync(HttpContext.RequestAborted);
        Kind = nameof(RestorativeKind.Conversation);
        HeldOn = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        ModelState.Clear();
        await LoadAsync(id);
        var heldOn = DateInput.ParseDate(HeldOn);
        var byOn = DateInput.ParseDate(RepairByOn);
        var errors = new Dictionary<string, string>(await incidents.AddRestorativeAsync(Incident,
            new RestorativeInput(ChoiceInput.Parse<RestorativeKind>(Kind), PupilId, heldOn, WhatHappened, WhoAffected, WhatNeeded, AgreedRepair, byOn, PupilView),
            HttpContext.RequestAborted));
        if (errors.Count == 0 && (string.IsNullOrWhiteSpace(RepairByOn) || byOn is not null))
        {
            Message = "Restorative follow-up recorded.";
            return Redirect($"/incidents/{id}");
        }

        if (!string.IsNullOrWhiteSpace(HeldOn) && heldOn is null)
        {
            errors[nameof(HeldOn)] = "Enter the date as a real date, like 24/11/2026";
        }

        if (!string.IsNullOrWhiteSpace(RepairByOn) && byOn is null)
        {
            errors[nameof(RepairByOn)] = "Enter the date the repair is due by as a real date, or leave it blank";
        }

        ModelState.AddAll(errors, nameof(Kind), nameof(PupilId), nameof(HeldOn), nameof(WhatHappened), nameof(WhoAffected), nameof(WhatNeeded),
            nameof(AgreedRepair), nameof(RepairByOn), nameof(PupilView));
        return Page();
    }

    private async Task LoadAsync(Guid id) =>
        Incident = await incidents.FindAsync(id, Incidents.Amend, HttpContext.RequestAborted) ?? throw new NotFoundException();
}
