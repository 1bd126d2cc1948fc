using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Incidents.Pages;

/// <summary>
/// Correcting or adding to an incident's written parts (a debrief done later, an injury noticed afterwards), keeping
/// what it said before; or marking it as entered in error. Who, what and when it happened are not corrected here: an
/// incident recorded against the wrong pupil or day is marked entered in error and recorded again.
/// </summary>
[GuardedBy(RecordType.Incident, Operation.Amend)]
public sealed class CorrectModel(Incidents incidents, AppDbContext db, AuditTrail audit) : PageModel
{
    /// <summary>The correctable parts as the form shows them, posted under their own names.</summary>
    public Dictionary<string, string?> Values { get; } = [];
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? ErrorReason { get; set; }
    [BindProperty] public int Version { get; set; }

    public Incident Incident { get; private set; } = null!;

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);

        // The form shows what the incident says: opening it is a read, audited against each pupil as viewing it is.
        foreach (var pupil in Incident.Pupils)
        {
            audit.RecordRead(nameof(RecordType.Incident), id, pupil.PupilId, Incident.SchoolId);
        }

        await db.SaveChangesAsync(HttpContext.RequestAborted);
        Version = Incident.Version;
        foreach (var (field, _, _) in Incidents.Correctable)
        {
            Values[field] = Incidents.Written(Incident, field);
        }
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        ModelState.Clear();
        await LoadAsync(id);
        foreach (var (field, _, _) in Incidents.Correctable.Where(c => Request.Form.ContainsKey(c.Field)))
        {
            Values[field] = Request.Form[field].ToString();
        }

        var errors = await incidents.CorrectAsync(id, Version, Values, Reason, HttpContext.RequestAborted);
        if (errors.Count == 0)
        {
            Message = "Incident corrected. What it said before is kept below.";
            return Redirect($"/incidents/{id}");
        }

        ModelState.AddAll(errors, [.. Incidents.Correctable.Select(c => c.Field), nameof(Reason)]);
        return Page();
    }

    public async Task<IActionResult> OnPostErrorAsync(Guid id)
    {
        ModelState.Clear();
        await LoadAsync(id);
        var errors = await incidents.EnteredInErrorAsync(id, Version, ErrorReason, HttpContext.RequestAborted);
        if (errors.Count == 0)
        {
            Message = "Marked as entered in error. It is kept, but no longer counted anywhere.";
            return Redirect($"/incidents/{id}");
        }

        ModelState.AddAll(errors);
        foreach (var (field, _, _) in Incidents.Correctable)
        {
            Values[field] = Incidents.Written(Incident, field);
        }

        return Page();
    }

    private async Task LoadAsync(Guid id) =>
        Incident = await incidents.FindAsync(id, Incidents.Amend, HttpContext.RequestAborted) ?? throw new NotFoundException();
}
