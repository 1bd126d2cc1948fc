using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Platform.Identity.Pages.SignOut;

/// <summary>Ends the session on the server as well as in the browser.</summary>
public sealed class IndexModel(StaffSignIn signIn, StaffContext staff) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync(staff.Session);
        return Redirect("/signed-out");
    }
}
