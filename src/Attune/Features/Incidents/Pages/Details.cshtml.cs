using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Incidents.Pages;

/// <summary>
/// One incident with everything after it: the physical intervention and its review, restorative follow-up, parents
/// informed and follow-up done. Every view is audited against each pupil of the incident.
/// </summary>
[GuardedBy(RecordType.Incident, Operation.Read)]
public sealed class DetailsModel(Incidents incidents, AppDbContext db, StaffContext staff, AuditTrail audit) : PageModel
{
    [BindProperty] public string? ReviewNote { get; set; }
    [BindProperty] public string? ParentsInformedWho { get; set; }
    [BindProperty] public string? ParentsInformedOn { get; set; }
    [BindProperty] public string? ParentsInformedAt { get; set; }
    [BindProperty] public string? ParentsInformedHow { get; set; }

    public Incident Incident { get; private set; } = null!;
    public bool MayAmend { get; private set; }
    public bool MayReview { get; private set; }

    /// <summary>Pupils of the incident the member of staff may tell teaching staff about ("what staff need to know").</summary>
    public IReadOnlySet<Guid> Briefable { get; private set; } = new HashSet<Guid>();

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id, bool recorded = false)
    {
        await LoadAsync(id);
        if (recorded && Message is null)
        {
            Message = Incident.Intervention is null ? "Incident recorded." : "Incident recorded. The pastoral leads have been asked to review the physical intervention.";
        }

        foreach (var pupil in Incident.Pupils)
        {
            audit.RecordRead(nameof(RecordType.Incident), id, pupil.PupilId, Incident.SchoolId);
        }

        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    [GuardedBy(RecordType.PhysicalInterventionReview, Operation.Amend)]
    public async Task<IActionResult> OnPostReviewAsync(Guid id)
    {
        ModelState.Clear();
        var (done, error) = await incidents.ReviewAsync(id, ReviewNote, HttpContext.RequestAborted);
        if (done)
        {
            Message = "Review recorded.";
            return Redirect($"/incidents/{id}");
        }

        ModelState.AddModelError(nameof(ReviewNote), error!);
        await LoadAsync(id);
        return Page();
    }

    [GuardedBy(RecordType.Incident, Operation.Amend)]
    public async Task<IActionResult> OnPostParentsAsync(Guid id)
    {
        ModelState.Clear();
        _ = await incidents.FindAsync(id, Incidents.Amend, HttpContext.RequestAborted) ?? throw new NotFoundException();
        var on = DateInput.ParseDate(ParentsInformedOn);
        var at = DateInput.ParseTime(ParentsInformedAt);
        var errors = new Dictionary<string, string>(await incidents.ParentsInformedAsync(id, ParentsInformedWho, on, at, ChoiceInput.Parse<ContactMethod>(ParentsInformedHow), HttpContext.RequestAborted));
        if (errors.Count == 0)
        {
            Message = "Recorded that parents or carers were told.";
            return Redirect($"/incidents/{id}");
        }

        if (!string.IsNullOrWhiteSpace(ParentsInformedOn) && on is null)
        {
            errors[nameof(ParentsInformedOn)] = "Enter the date they were told as a real date, like 24/11/2026";
        }

        ModelState.AddAll(errors, nameof(ParentsInformedWho), nameof(ParentsInformedHow), nameof(ParentsInformedOn), nameof(ParentsInformedAt));
        await LoadAsync(id);
        return Page();
    }

    [GuardedBy(RecordType.Incident, Operation.Amend)]
    public async Task<IActionResult> OnPostFollowUpDoneAsync(Guid id)
    {
        _ = await incidents.FindAsync(id, Incidents.Amend, HttpContext.RequestAborted) ?? throw new NotFoundException();
        Message = await incidents.FollowUpDoneAsync(id, HttpContext.RequestAborted) ? "Follow-up marked done." : "The follow-up was already done; nothing was changed.";
        return Redirect($"/incidents/{id}");
    }

    [GuardedBy(RecordType.Incident, Operation.Amend)]
    public async Task<IActionResult> OnPostRepairDoneAsync(Guid id, Guid? restorativeId)
    {
        _ = await incidents.FindAsync(id, Incidents.Amend, HttpContext.RequestAborted) ?? throw new NotFoundException();
        Message = restorativeId is { } record && await incidents.RepairDoneAsync(id, record, HttpContext.RequestAborted)
            ? "Repair marked done."
            : "That repair was already done; nothing was changed.";
        return Redirect($"/incidents/{id}");
    }

    private async Task LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Incident = await incidents.FindAsync(id, Incidents.Read, ct) ?? throw new NotFoundException();
        MayAmend = await incidents.Visible(Incidents.Amend).AnyAsync(i => i.Id == id, ct);
        MayReview = Incident.Intervention is { ReviewedUtc: null } && await incidents.Visible(Incidents.Review).AnyAsync(i => i.Id == id, ct);
        var involved = Incident.Pupils.Where(p => p.Role == IncidentRole.Involved).Select(p => p.PupilId).ToList();
        Briefable = (await db.Pupils.VisibleTo(staff, StaffBriefings.Create).Where(p => involved.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
    }
}
