using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Platform.Notifications;

/// <summary>The signed-in member of staff's own notifications; nobody else's are reachable from here.</summary>
public sealed class NotificationInbox(AppDbContext db, StaffContext staff, TimeProvider clock)
{
    public const int PageSize = 25;
    private int? _unread;

    private IQueryable<Notification> Mine => db.Notifications.Where(n => n.RecipientUserId == staff.UserId);

    public async Task<int> UnreadCountAsync()
    {
        if (!staff.IsSignedIn)
        {
            return 0;
        }

        return _unread ??= await Mine.CountAsync(n => n.ReadUtc == null);
    }

    public async Task<(IReadOnlyList<Notification> Items, int Total)> PageAsync(int page, bool unreadOnly)
    {
        var query = unreadOnly ? Mine.Where(n => n.ReadUtc == null) : Mine;
        var total = await query.CountAsync();
        var items = await query.AsNoTracking()
            .OrderByDescending(n => n.CreatedUtc)
            .ThenBy(n => n.Id)
            .Skip((Math.Max(1, page) - 1) * PageSize)
            .Take(PageSize)
            .ToListAsync();
        return (items, total);
    }

    /// <summary>Marks the notification read and returns where it leads; 404 for anyone else's.</summary>
    public async Task<string> OpenAsync(Guid id)
    {
        var notification = await Mine.FirstOrDefaultAsync(n => n.Id == id) ?? throw new NotFoundException();
        if (notification.ReadUtc is null)
        {
            notification.ReadUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        }

        return notification.Link is { } link && Notifier.IsLocalPath(link) ? link : "/notifications";
    }

    public async Task MarkAllReadAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var unread = await Mine.Where(n => n.ReadUtc == null).ToListAsync();
        foreach (var notification in unread)
        {
            notification.ReadUtc = now;
        }

        await db.SaveChangesAsync();
    }
}
