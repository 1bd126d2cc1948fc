using Attune.Platform.Authorization;
using Attune.Platform.Auditing;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Audit.Pages;

/// <summary>One member of staff's audit log, for staff in the schools the viewer may audit. Looking at it is recorded.</summary>
[GuardedBy(RecordType.StaffAuditLog, Operation.Read)]
public sealed class StaffModel(AuditQueries queries, AuditTrail audit, AppDbContext db) : PageModel
{
    public Guid UserId { get; private set; }
    public string MemberName { get; private set; } = "";
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(Guid userId, long? before)
    {
        var member = await queries.AuditableStaff().FirstOrDefaultAsync(u => u.Id == userId) ?? throw new NotFoundException();
        UserId = userId;
        MemberName = member.DisplayName;
        Entries = await queries.ForStaffAsync(userId, before);
        audit.RecordRead("StaffAuditLog", userId, null, null);
        await db.SaveChangesAsync();
    }
}
