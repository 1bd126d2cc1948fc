using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Platform.Notifications.Pages;

/// <summary>The signed-in member of staff's notifications, newest first.</summary>
public sealed class IndexModel(NotificationInbox inbox) : PageModel
{
    public IReadOnlyList<Notification> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int Unread { get; private set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public bool UnreadOnly { get; set; }

    public int PageCount => Math.Max(1, (Total + NotificationInbox.PageSize - 1) / NotificationInbox.PageSize);

    public async Task OnGetAsync()
    {
        PageNumber = Math.Max(1, PageNumber);
        (Items, Total) = await inbox.PageAsync(PageNumber, UnreadOnly);
        Unread = await inbox.UnreadCountAsync();
    }

    /// <summary>A post that names no handler is not a form on this page.</summary>
    public IActionResult OnPost() => BadRequest();

    public async Task<IActionResult> OnPostMarkAllReadAsync()
    {
        await inbox.MarkAllReadAsync();
        return RedirectToPage();
    }
}
