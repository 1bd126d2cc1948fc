using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Platform.Notifications.Pages;

/// <summary>
/// Where a notification (or its email) leads: marks it read and goes on to the record it is about,
/// whose own page decides whether this member of staff may still see it.
/// </summary>
public sealed class OpenModel(NotificationInbox inbox) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id) => LocalRedirect(await inbox.OpenAsync(id));
}
