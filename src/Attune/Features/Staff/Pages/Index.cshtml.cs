using Attune.Features.Schools;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Staff.Pages;

[GuardedBy(RecordType.StaffAccounts, Operation.Read)]
public sealed class IndexModel(AppDbContext db, StaffAdministration administration) : PageModel
{
    public School School { get; private set; } = null!;
    public IReadOnlyList<Member> Members { get; private set; } = [];

    public async Task OnGetAsync(Guid id)
    {
        School = await administration.SchoolAsync(id, SchoolOperations.ReadStaff);
        var assignments = await db.RoleAssignments.AsNoTracking().Where(a => a.SchoolId == id).ToListAsync();
        var userIds = assignments.Select(a => a.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).OrderBy(u => u.DisplayName).ToListAsync();
        Members = users.Select(u => new Member(
                u.Id, u.DisplayName, u.Email ?? "", u.Disabled, u.TwoFactorEnabled,
                assignments.Where(a => a.UserId == u.Id).Select(Describe).OrderBy(r => r).ToList()))
            .ToList();
    }

    public static string Describe(RoleAssignment assignment) =>
        RoleNames.Describe(assignment.Role) + (assignment.KeyStageScope == KeyStages.None ? "" : $" ({assignment.KeyStageScope})");

    public sealed record Member(Guid Id, string Name, string Email, bool Disabled, bool TwoFactor, IReadOnlyList<string> Roles);
}
