using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Pupils;

public static class PupilEndpoints
{
    public static void MapPupils(this IEndpointRouteBuilder app) =>
        app.MapGet("/pupils/{id:guid}/photo", async (Guid id, AppDbContext db, StaffContext staff, CancellationToken ct) =>
            {
                var photo = await db.PupilPhotos.AsNoTracking()
                    .Where(p => p.PupilId == id && db.Pupils.VisibleTo(staff, PupilOperations.Read).Any(v => v.Id == id))
                    .FirstOrDefaultAsync(ct);
                return photo is null ? Results.NotFound() : Results.File(photo.Content, photo.ContentType);
            })
            .RequireAuthorization(Policies.PupilRecords);
}
