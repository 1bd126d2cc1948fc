using Attune.Platform.Authorization;
using Attune.Platform.Auditing;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Audit.Pages;

/// <summary>One pupil's audit log. Looking at it is itself recorded.</summary>
[GuardedBy(RecordType.PupilAuditLog, Operation.Read)]
public sealed class PupilModel(AuditQueries queries, AuditTrail audit, AppDbContext db) : PageModel
{
    public Guid Id { get; private set; }
    public string PupilName { get; private set; } = "";
    public string Upn { get; private set; } = "";
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(Guid id, long? before)
    {
        var pupil = await queries.PupilAsync(id) ?? throw new NotFoundException();
        Id = id;
        PupilName = pupil.DisplayName;
        Upn = pupil.Upn;
        Entries = await queries.ForPupilAsync(id, before);
        audit.RecordRead("PupilAuditLog", id, id, pupil.SchoolId);
        await db.SaveChangesAsync();
    }
}
