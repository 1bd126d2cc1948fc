using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Pupils;

public static class PupilEndpoints
{
    public static void MapPupils(this IEndpointRouteBuilder app) =>
        app.MapGet("/pupils/{id:guid}/photo", async (Guid id, AppDbContext db, StaffContext staff, AuditTrail audit, CancellationToken ct) =>
            {
                var visible = await db.Pupils.AsNoTracking().VisibleTo(staff, PupilOperations.Read)
                    .Where(p => p.Id == id).Select(p => new { p.SchoolId, p.Photo }).FirstOrDefaultAsync(ct);
                if (visible?.Photo is null)
                {
                    return Results.NotFound();
                }

                audit.RecordRead(nameof(PupilPhoto), id, id, visible.SchoolId);
                await db.SaveChangesAsync(ct);
                return Results.File(visible.Photo.Content, visible.Photo.ContentType);
            })
            .RequireAuthorization(Policies.PupilRecords)
            .WithMetadata(new GuardedByAttribute(RecordType.PupilProfile, Operation.Read));
}
