using Attune.Features.Schools;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;

namespace Attune.Features.Pupils.Import;

/// <summary>
/// The pupil import for integrations: a school's MIS export sent as CSV, exactly as the upload page takes
/// it (docs/formats/pupils.md). All or nothing, with every bad row named.
/// </summary>
public static class PupilImportApi
{
    public static void MapPupilImportApi(this RouteGroupBuilder api)
    {
        api.MapPost("/schools/{schoolId:guid}/pupil-imports", ImportAsync)
            .WithTags("Pupils")
            .WithMetadata(new GuardedByAttribute(RecordType.PupilImport, Operation.Import))
            // Described for OpenAPI only: an Accepts() filter would make routing answer other bodies before authorization.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The CSV file (UTF-8, header row first), at most 10 MB.",
                    Content = new Dictionary<string, OpenApiMediaType> { ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
                };
                return Task.CompletedTask;
            })
            .Produces<ImportResult>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Import pupils from a CSV export, matched by UPN within the school. `dryRun=true` checks the file and saves nothing; "
                + "`map` renames headers (\"Forename=legal_first_name,...\"). All or nothing: 422 lists every bad row; 409 when another "
                + "change to the same pupils was saved first (send it again). 404 unless the token's owner may import pupils for the school.");
    }

    private static async Task<IResult> ImportAsync(
        Guid schoolId, bool? dryRun, string? map, HttpContext context, AppDbContext db, IAuthorizationService authorization, PupilImporter importer)
    {
        var cancellation = context.RequestAborted;
        var school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == schoolId, cancellation);
        if (school is null || !(await authorization.AuthorizeAsync(context.User, school, SchoolOperations.ImportPupils)).Succeeded)
        {
            return Results.NotFound();
        }

        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: "Send the file as the request body with Content-Type: text/csv (UTF-8).");
        }

        if (context.Request.ContentLength > PupilImporter.MaxBytes)
        {
            return TooLarge();
        }

        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, cancellation)) > 0)
        {
            if (body.Length + read > PupilImporter.MaxBytes)
            {
                return TooLarge();
            }

            body.Write(buffer, 0, read);
        }

        var result = await importer.ImportAsync(school, body.ToArray(), map, dryRun ?? false, cancellation);
        if (result.Conflict)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: PupilImporter.ConflictMessage);
        }

        if (!result.Succeeded)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["rows"] = [.. result.Problems.Select(p => p.ToString())] },
                detail: "Nothing was imported: correct every row listed and send the file again.",
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        return Results.Ok(result);
    }

    private static IResult TooLarge() => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        detail: $"The file must be {PupilImporter.MaxBytes / 1024 / 1024} MB or smaller.");
}
