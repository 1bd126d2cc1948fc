using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.Pages;

/// <summary>Preparation for Adulthood: goals in the four areas, from Year 9, with progress notes. Audited.</summary>
[GuardedBy(RecordType.AdulthoodGoal, Operation.Read, PerPupil = true)]
public sealed class AdulthoodModel(PupilVoiceAndAdulthood adulthood, AppDbContext db, StaffContext staff, AuditTrail audit) : PageModel
{
    [BindProperty] public string? Area { get; set; }
    [BindProperty] public string? Goal { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Status { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<AdulthoodGoal> Goals { get; private set; } = [];
    public bool MayAmend { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);
        audit.RecordRead(nameof(RecordType.AdulthoodGoal), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    [GuardedBy(RecordType.AdulthoodGoal, Operation.Amend, PerPupil = true)]
    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        ModelState.Clear();
        var pupil = await PupilChoice.FindAsync(staff, PupilVoiceAndAdulthood.AmendGoals, id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        var (goal, errors) = await adulthood.AddGoalAsync(pupil, ChoiceInput.Parse<AdulthoodArea>(Area), Goal, HttpContext.RequestAborted);
        if (goal is not null)
        {
            Message = "Goal added.";
            return Redirect($"/pupils/{id}/adulthood");
        }

        ModelState.AddAll(errors, nameof(Area), nameof(Goal));
        await LoadAsync(id);
        return Page();
    }

    [GuardedBy(RecordType.AdulthoodGoal, Operation.Amend, PerPupil = true)]
    public async Task<IActionResult> OnPostProgressAsync(Guid id, Guid? goalId)
    {
        ModelState.Clear();
        _ = await PupilChoice.FindAsync(staff, PupilVoiceAndAdulthood.AmendGoals, id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        var (progress, errors) = await adulthood.AddProgressAsync(id, goalId, Note, ChoiceInput.Parse<GoalStatus>(Status), HttpContext.RequestAborted);
        if (progress is not null)
        {
            Message = "Progress recorded.";
            return Redirect($"/pupils/{id}/adulthood");
        }

        ModelState.AddAll(errors);
        await LoadAsync(id);
        return Page();
    }

    private async Task LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, PupilVoiceAndAdulthood.ReadGoals, id, ct) ?? throw new NotFoundException();
        Goals = await adulthood.GoalsAsync(id, ct);
        MayAmend = await db.Pupils.VisibleTo(staff, PupilVoiceAndAdulthood.AmendGoals).AnyAsync(p => p.Id == id, ct);
    }
}
