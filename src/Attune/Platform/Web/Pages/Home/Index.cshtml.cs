using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Platform.Web.Pages.Home;

/// <summary>The start page: staff who work with pupils go straight to pupil search.</summary>
public sealed class IndexModel(StaffContext staff) : PageModel
{
    public string Name => staff.User?.DisplayName ?? "";

    public IActionResult OnGet() =>
        !staff.GrantFor(RecordType.PupilProfile, Operation.Read).IsEmpty ? Redirect("/pupils")
        : !staff.GrantFor(RecordType.SchoolSettings, Operation.Read).IsEmpty ? Redirect("/admin")
        : Page();
}
