using Attune.Features.Schools;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Staff.Pages;

[GuardedBy(RecordType.StaffAccounts, Operation.Read)]
public sealed class MemberModel(AppDbContext db, StaffAdministration administration, StaffContext staff) : PageModel
{
    public School School { get; private set; } = null!;
    public StaffUser Member { get; private set; } = null!;
    public IReadOnlyList<RoleAssignment> Assignments { get; private set; } = [];
    public string? Message { get; private set; }
    public string? OneTimePassword { get; private set; }
    public bool IsSelf => Member.Id == staff.UserId;

    public Task OnGetAsync(Guid id, Guid userId) => LoadAsync(id, userId, SchoolOperations.ReadStaff);

    /// <summary>A post that names no handler is not a form on this page (refused as any other post would be, first).</summary>
    [GuardedBy(RecordType.StaffAccounts, Operation.Amend)]
    public async Task<IActionResult> OnPostAsync(Guid id, Guid userId)
    {
        await LoadAsync(id, userId, SchoolOperations.AmendStaff);
        return BadRequest();
    }

    [GuardedBy(RecordType.StaffAccounts, Operation.Amend)]
    public async Task<IActionResult> OnPostAddRoleAsync(Guid id, Guid userId, Role? role, KeyStages[] scope)
    {
        await LoadAsync(id, userId, SchoolOperations.AmendStaff);
        if (role is null || !StaffAdministration.SchoolRoles.Contains(role.Value))
        {
            ModelState.AddModelError("Role", "Select a role to add");
            return Page();
        }

        await administration.AddRoleAsync(School, Member, role.Value, new RoleChoice(role, scope).Combined);
        return await DoneAsync(id, userId, "Role added. It applies from their next click.");
    }

    [GuardedBy(RecordType.StaffAccounts, Operation.Amend)]
    public async Task<IActionResult> OnPostRemoveRoleAsync(Guid id, Guid userId, Guid assignmentId)
    {
        await LoadAsync(id, userId, SchoolOperations.AmendStaff);
        if (IsSelf && Assignments.Count == 1)
        {
            ModelState.AddModelError("", "You cannot remove your own last role in this school. Ask another administrator.");
            return Page();
        }

        if (Assignments.All(a => a.Id != assignmentId))
        {
            // Most likely another administrator removed it a moment ago: say so rather than fail.
            ModelState.AddModelError("", "That role is no longer held: it may have just been removed by someone else. The roles below are current.");
            return Page();
        }

        await administration.RemoveRoleAsync(School, Member, assignmentId);
        return Assignments.Count == 1 ? Redirect($"/admin/schools/{id}/staff") : await DoneAsync(id, userId, "Role removed. It applies from their next click.");
    }

    [GuardedBy(RecordType.StaffAccounts, Operation.Amend)]
    public async Task<IActionResult> OnPostDisableAsync(Guid id, Guid userId)
    {
        await LoadAsync(id, userId, SchoolOperations.AmendStaff);
        if (IsSelf)
        {
            ModelState.AddModelError("", "You cannot disable your own account.");
            return Page();
        }

        await administration.SetDisabledAsync(Member, disabled: true);
        return await DoneAsync(id, userId, "Account disabled. They have been signed out everywhere.");
    }

    [GuardedBy(RecordType.StaffAccounts, Operation.Amend)]
    public async Task<IActionResult> OnPostEnableAsync(Guid id, Guid userId)
    {
        await LoadAsync(id, userId, SchoolOperations.AmendStaff);
        await administration.SetDisabledAsync(Member, disabled: false);
        return await DoneAsync(id, userId, "Account enabled.");
    }

    [GuardedBy(RecordType.StaffAccounts, Operation.Amend)]
    public async Task<IActionResult> OnPostResetSignInAsync(Guid id, Guid userId)
    {
        await LoadAsync(id, userId, SchoolOperations.AmendStaff);
        OneTimePassword = await administration.ResetSignInAsync(Member);
        return await DoneAsync(id, userId, "Sign-in reset. Their sessions have ended.");
    }

    private async Task<IActionResult> DoneAsync(Guid id, Guid userId, string message)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(id, userId, SchoolOperations.ReadStaff);
        Message = message;
        return Page();
    }

    private async Task LoadAsync(Guid id, Guid userId, AccessRequirement requirement)
    {
        School = await administration.SchoolAsync(id, requirement);
        Member = await administration.MemberAsync(School, userId);
        Assignments = await db.RoleAssignments.AsNoTracking().Where(a => a.UserId == userId && a.SchoolId == id).OrderBy(a => a.Role).ToListAsync();
    }
}
