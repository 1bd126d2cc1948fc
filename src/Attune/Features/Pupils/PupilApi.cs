using Attune.Features.Pupils.Pages;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Pupils;

/// <summary>Pupils in /api/v1: the same VisibleTo scope and auditing as the pages.</summary>
public static class PupilApi
{
    public sealed record SearchRequest(string? Query);

    public sealed record PupilSummary(Guid Id, string Upn, string FirstName, string LastName, string YearGroup, string Form, DateOnly DateOfBirth, string School);

    public sealed record PupilDetails(
        Guid Id, string Upn, string LegalFirstName, string? LegalMiddleNames, string LegalLastName, string? PreferredFirstName, string? PreferredLastName,
        DateOnly DateOfBirth, string Gender, string? YearGroup, string? Form, string SenStatus, bool PupilPremium, bool LookedAfter, bool PreviouslyLookedAfter,
        DateOnly? AdmittedOn, DateOnly? LeftOn, Guid SchoolId, int Version);

    public sealed record ContactDetails(
        string Name, string Relationship, int Priority, bool ParentalResponsibility, bool LivesWith, bool NoContact, string? NoContactReason,
        string? MobilePhone, string? Email, string? Address);

    public static void MapPupilApi(this RouteGroupBuilder api)
    {
        var pupils = api.MapGroup("/pupils").WithTags("Pupils");

        // Search is a POST so that names never appear in URLs or proxy logs.
        pupils.MapPost("/search", async (SearchRequest request, AppDbContext db, StaffContext staff, CancellationToken ct) =>
            {
                var terms = SearchModel.Terms(request.Query);
                if (terms.Count == 0 || terms.Any(t => t.Length > 100))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["query"] = ["Enter a name or UPN of 100 characters or fewer."] });
                }

                var results = await SearchModel.Execute(db, staff, terms).ToListAsync(ct);
                return Results.Ok(results.Select(r => new PupilSummary(r.Id, r.Upn, r.FirstName, r.LastName, r.YearGroup, r.Form, r.DateOfBirth, r.School)));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.PupilProfile, Operation.Read) { List = true })
            .WithSummary("Find pupils by name or UPN among those the token's owner may see (at most 50).");

        pupils.MapGet("/{id:guid}", async (Guid id, AppDbContext db, StaffContext staff, AuditTrail audit, CancellationToken ct) =>
            {
                var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff, PupilOperations.Read)
                    .Where(p => p.Id == id)
                    .Select(p => new PupilDetails(
                        p.Id, p.Upn, p.LegalFirstName, p.LegalMiddleNames, p.LegalLastName, p.PreferredFirstName, p.PreferredLastName,
                        p.DateOfBirth, p.Gender.ToString(), p.YearGroup != null ? p.YearGroup.Name : null, p.Form != null ? p.Form.Name : null,
                        p.SenStatus.ToString(), p.PupilPremium, p.LookedAfter, p.PreviouslyLookedAfter, p.AdmittedOn, p.LeftOn, p.SchoolId, p.Version))
                    .FirstOrDefaultAsync(ct);
                if (pupil is null)
                {
                    return Results.NotFound();
                }

                audit.RecordRead(nameof(Pupil), id, id, pupil.SchoolId);
                await db.SaveChangesAsync(ct);
                return Results.Ok(pupil);
            })
            .WithMetadata(new GuardedByAttribute(RecordType.PupilProfile, Operation.Read))
            .WithSummary("A pupil's profile. Audited. 404 when the pupil does not exist or is outside the owner's need to know.");

        pupils.MapGet("/{id:guid}/contacts", async (Guid id, AppDbContext db, StaffContext staff, AuditTrail audit, CancellationToken ct) =>
            {
                var schoolId = await db.Pupils.AsNoTracking().VisibleTo(staff, PupilOperations.ReadContacts)
                    .Where(p => p.Id == id).Select(p => (Guid?)p.SchoolId).FirstOrDefaultAsync(ct);
                if (schoolId is null)
                {
                    return Results.NotFound();
                }

                var contacts = await db.PupilContacts.AsNoTracking().Where(c => c.PupilId == id).OrderBy(c => c.Priority)
                    .Select(c => new ContactDetails(c.Contact!.FirstName + " " + c.Contact.LastName, c.Relationship, c.Priority, c.ParentalResponsibility,
                        c.LivesWith, c.NoContact, c.NoContactReason,
                        c.NoContact ? null : c.Contact.MobilePhone, c.NoContact ? null : c.Contact.Email, c.NoContact ? null : c.Contact.Address))
                    .ToListAsync(ct);
                audit.RecordRead("PupilContacts", id, id, schoolId);
                await db.SaveChangesAsync(ct);
                return Results.Ok(contacts);
            })
            .WithMetadata(new GuardedByAttribute(RecordType.PupilContacts, Operation.Read))
            .WithSummary("A pupil's parents, carers and contacts, for pastoral and safeguarding roles. Audited. Contact details of a no-contact person are withheld.");
    }
}
