using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Keywork.Pages;

/// <summary>Every keyworker's caseload among the pupils in reach, for pastoral leads to see who carries what and rebalance from each pupil's keyworker page.</summary>
[GuardedBy(RecordType.KeyworkerAllocation, Operation.Read, NoRecord = true)]
public sealed class CaseloadsModel(Caseloads caseloads, StaffContext staff) : PageModel
{
    public IReadOnlyList<KeyworkerCaseload> Keyworkers { get; private set; } = [];
    public bool MayRebalance { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (staff.GrantFor(RecordType.KeyworkerAllocation, Operation.Read).IsEmpty)
        {
            return Forbid();
        }

        Keyworkers = await caseloads.AllAsync(HttpContext.RequestAborted);
        MayRebalance = !staff.GrantFor(RecordType.KeyworkerAllocation, Operation.Amend).IsEmpty;
        return Page();
    }
}
