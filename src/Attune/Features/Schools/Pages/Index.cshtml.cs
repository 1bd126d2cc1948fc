using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Schools.Pages;

/// <summary>The schools this administrator looks after, with their settings, staff and imports.</summary>
[GuardedBy(RecordType.SchoolSettings, Operation.Read, List = true)]
public sealed class IndexModel(StaffContext staff) : PageModel
{
    public IReadOnlyList<School> Schools { get; private set; } = [];

    public void OnGet()
    {
        var grant = staff.GrantFor(RecordType.SchoolSettings, Operation.Read);
        Schools = staff.Schools.Where(s => grant.CoversSchool(s.Id)).ToList();
    }
}
