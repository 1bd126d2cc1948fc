using System.Globalization;
using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.Pages;

/// <summary>One pupil's place on the supervision register: add them, change the plan, or take them off. Pastoral leads and the DSL team only; audited.</summary>
[GuardedBy(RecordType.SupervisionRegister, Operation.Read, PerPupil = true)]
public sealed class SupervisionModel(SupervisionRegister register, AppDbContext db, StaffContext staff, AuditTrail audit, TimeProvider clock) : PageModel
{
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Plan { get; set; }
    [BindProperty] public string? Frequency { get; set; }
    [BindProperty] public Guid? AssignedUserId { get; set; }
    [BindProperty] public string? ReviewDueOn { get; set; }
    [BindProperty] public string? EndNote { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;
    public SupervisedPupil? Current { get; private set; }
    public IReadOnlyList<SupervisionEntry> Past { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Assignable { get; private set; } = [];
    public bool MayAmend { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);
        var entry = Current?.Entry;
        Version = entry?.Version;
        Reason = entry?.Reason.ToString();
        Plan = entry?.Plan;
        Frequency = (entry?.Frequency ?? CheckInFrequency.Daily).ToString();
        AssignedUserId = entry?.AssignedUserId;
        var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        ReviewDueOn = (entry?.ReviewDueOn ?? today.AddDays(14)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        audit.RecordRead(nameof(RecordType.SupervisionRegister), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    [GuardedBy(RecordType.SupervisionRegister, Operation.Amend, PerPupil = true)]
    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        ModelState.Clear();
        var ct = HttpContext.RequestAborted;
        var pupil = await PupilChoice.FindAsync(staff, SupervisionRegister.Amend, id, ct) ?? throw new NotFoundException();
        var review = DateInput.ParseDate(ReviewDueOn);
        var (entry, errors, conflict) = await register.SaveAsync(pupil, Version, ChoiceInput.Parse<SupervisionReason>(Reason), Plan,
            ChoiceInput.Parse<CheckInFrequency>(Frequency), AssignedUserId, review, ct);
        if (entry is not null)
        {
            Message = Version is null ? "Added to the supervision register." : "Supervision plan saved.";
            return Redirect($"/pupils/{id}/supervision");
        }

        await LoadAsync(id);
        if (conflict)
        {
            Version = Current?.Entry.Version;
            ModelState.AddModelError("", "Someone else changed this pupil’s supervision while you were editing. Nothing was saved: check the plan shown, then save again.");
            return Page();
        }

        if (!string.IsNullOrWhiteSpace(ReviewDueOn) && review is null)
        {
            ModelState.AddModelError(nameof(ReviewDueOn), "Enter the review date as a real date, like 8/12/2026");
        }

        foreach (var key in new[] { nameof(Reason), nameof(Plan), nameof(Frequency), nameof(AssignedUserId), nameof(ReviewDueOn) }
                     .Where(k => errors.ContainsKey(k) && ModelState.FirstError(k) is null))
        {
            ModelState.AddModelError(key, errors[key]);
        }

        return Page();
    }

    [GuardedBy(RecordType.SupervisionRegister, Operation.Amend, PerPupil = true)]
    public async Task<IActionResult> OnPostEndAsync(Guid id)
    {
        _ = await PupilChoice.FindAsync(staff, SupervisionRegister.Amend, id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        Message = await register.EndAsync(id, EndNote, HttpContext.RequestAborted)
            ? "Taken off the supervision register. The entry stays in the history."
            : "The pupil is not on the register; nothing was changed.";
        return Redirect($"/pupils/{id}/supervision");
    }

    private async Task LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, SupervisionRegister.Read, id, ct) ?? throw new NotFoundException();
        var current = await register.CurrentAsync(db.Pupils.Where(p => p.Id == id), ct);
        Current = current.Count > 0 ? current[0] : null;
        Past = await db.SupervisionEntries.AsNoTracking().Where(e => e.PupilId == id && e.EndedUtc != null).OrderByDescending(e => e.EndedUtc).ToListAsync(ct);
        MayAmend = await db.Pupils.VisibleTo(staff, SupervisionRegister.Amend).AnyAsync(p => p.Id == id, ct);
        Assignable = MayAmend ? await register.AssignableAsync(Pupil.SchoolId, ct) : [];
    }
}
