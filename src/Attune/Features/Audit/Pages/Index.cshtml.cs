using Attune.Platform.Authorization;
using Attune.Platform.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Audit.Pages;

/// <summary>Choose a pupil (by UPN, posted so it stays out of the address) or a member of staff to audit.</summary>
[GuardedBy(RecordType.StaffAuditLog, Operation.Read, List = true)]
public sealed class IndexModel(AuditQueries queries, StaffContext staff) : PageModel
{
    [BindProperty]
    public string? Upn { get; set; }

    public IReadOnlyList<StaffUser> Staff { get; private set; } = [];
    public bool CanAuditPupils => !staff.GrantFor(RecordType.PupilAuditLog, Operation.Read).IsEmpty;

    public async Task OnGetAsync() => Staff = await queries.AuditableStaff().OrderBy(u => u.DisplayName).ToListAsync();

    [GuardedBy(RecordType.PupilAuditLog, Operation.Read, List = true)]
    public async Task<IActionResult> OnPostAsync()
    {
        var upn = Upn?.Trim().ToUpperInvariant();
        var pupil = string.IsNullOrEmpty(upn) ? null : await queries.PupilByUpnAsync(upn);
        if (pupil is not null)
        {
            return Redirect($"/audit/pupils/{pupil.Id}");
        }

        ModelState.AddModelError(nameof(Upn), string.IsNullOrEmpty(upn)
            ? "Enter the pupil's UPN"
            : "No pupil with that UPN in the schools whose audit log you can see");
        await OnGetAsync();
        return Page();
    }
}
