using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.Pages;

/// <summary>A pupil's keyworkers now and before, with handover notes; pastoral leads allocate, hand over and end allocations here.</summary>
[GuardedBy(RecordType.KeyworkerAllocation, Operation.Read, PerPupil = true)]
public sealed class KeyworkersModel(KeyworkerAllocations allocations, AppDbContext db, StaffContext staff, Platform.Auditing.AuditTrail audit) : PageModel
{
    [BindProperty] public Guid? StaffUserId { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? HandoverNote { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<AllocationView> History { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Candidates { get; private set; } = [];
    public bool MayAmend { get; private set; }

    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the keyworkers and their handover notes, audited against the pupil.</summary>
    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);
        audit.RecordRead(nameof(RecordType.KeyworkerAllocation), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    [GuardedBy(RecordType.KeyworkerAllocation, Operation.Amend, PerPupil = true)]
    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var pupil = await PupilChoice.FindAsync(staff, KeyworkerAllocations.Amend, id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        var errors = await allocations.AssignAsync(pupil, StaffUserId, ChoiceInput.Parse<KeyworkerRole>(Role), HandoverNote, HttpContext.RequestAborted);
        if (errors.Count == 0)
        {
            Message = "Keyworker allocated. They have been told.";
            return Redirect($"/pupils/{id}/keyworkers");
        }

        ModelState.AddAll(errors, nameof(StaffUserId), nameof(Role), nameof(HandoverNote));
        await LoadAsync(id);
        return Page();
    }

    [GuardedBy(RecordType.KeyworkerAllocation, Operation.Amend, PerPupil = true)]
    public async Task<IActionResult> OnPostEndAsync(Guid id, Guid? allocationId)
    {
        _ = await PupilChoice.FindAsync(staff, KeyworkerAllocations.Amend, id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        Message = allocationId is { } allocation && await allocations.EndAsync(id, allocation, HttpContext.RequestAborted)
            ? "Allocation ended. It stays in the history."
            : "That allocation is not current; nothing was changed.";
        return Redirect($"/pupils/{id}/keyworkers");
    }

    private async Task LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, KeyworkerAllocations.Read, id, ct) ?? throw new NotFoundException();
        History = await allocations.HistoryAsync(id, ct);
        MayAmend = await db.Pupils.VisibleTo(staff, KeyworkerAllocations.Amend).AnyAsync(p => p.Id == id, ct);
        Candidates = MayAmend ? await allocations.CandidatesAsync(Pupil.SchoolId, ct) : [];
    }
}
