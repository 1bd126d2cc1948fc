using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Keywork.Pages;

/// <summary>"My caseload": the pupils the member of staff keyworks, with what needs attention, and "my week": everything due in the next seven days.</summary>
[GuardedBy(RecordType.KeyworkerAllocation, Operation.Read, NoRecord = true)]
public sealed class CaseloadModel(Caseloads caseloads, StaffContext staff) : PageModel
{
    public IReadOnlyList<CaseloadPupil> Pupils { get; private set; } = [];
    public IReadOnlyList<DueItem> Week { get; private set; } = [];

    /// <summary>Whether the member of staff can see other keyworkers' caseloads (pastoral leads, and pastoral staff across their key stages).</summary>
    public bool SeesOthers { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var grant = staff.GrantFor(RecordType.KeyworkerAllocation, Operation.Read);
        if (grant.IsEmpty)
        {
            return Forbid();
        }

        Pupils = await caseloads.MineAsync(HttpContext.RequestAborted);
        Week = await caseloads.WeekAsync(Pupils, HttpContext.RequestAborted);
        SeesOthers = grant.WholeSchools.Count > 0 || grant.YearGroups.Count > 0;
        return Page();
    }
}
