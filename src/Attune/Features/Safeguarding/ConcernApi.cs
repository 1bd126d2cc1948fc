using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>Concerns in /api/v1: reporting for every member of staff, the queue and the record for the DSL team, with the pages' access and auditing.</summary>
public static class ConcernApi
{
    public sealed record CategoryDetails(Guid Id, Guid SchoolId, string Name, bool DslOnly);

    public sealed record NewConcern(
        IReadOnlyList<Guid>? PupilIds, DateOnly? OccurredOn, TimeOnly? OccurredAt, string? Location, string? Account, string? ChildsWords,
        Guid? CategoryId, string? ActionTaken, string? OthersInformed, bool? ImmediateDanger)
    {
        /// <summary>Body map marks: region (a key from the form's list, such as "front-right-forearm"), optional x/y in figure units, and a note.</summary>
        public IReadOnlyList<BodyMarkDetails>? BodyMarks { get; init; }

        /// <summary>Files staged with POST /api/v1/concern-attachments by the same token's owner.</summary>
        public IReadOnlyList<Guid>? AttachmentIds { get; init; }
    }

    public sealed record BodyMarkDetails(string? Region, int? X, int? Y, string? Note)
    {
        public int? Number { get; init; }
        public string? Description { get; init; }
    }

    public sealed record AttachmentDetails(Guid Id, string FileName, string ContentType, long Length, string Sha256, string? Description, DateTime UploadedUtc, string UploadedByName);

    public sealed record ReceiptDetails(Guid Id, string Reference, DateTime RecordedUtc, IReadOnlyList<string> Pupils, string Category, bool Urgent, string Status);

    public sealed record ConcernDetails(
        Guid Id, Guid SchoolId, IReadOnlyList<Guid> PupilIds, DateOnly OccurredOn, TimeOnly? OccurredAt, string? Location, string Account, string? ChildsWords,
        Guid CategoryId, string Category, bool DslOnly, string? ActionTaken, string? OthersInformed, bool Urgent, string Status,
        DateTime RecordedUtc, Guid ReportedByUserId, string ReporterName, string? ReporterJobTitle, DateTime? AcknowledgedUtc,
        string? LevelOfNeed, Guid? OwnerUserId, DateTime? ClosedUtc, int Version)
    {
        public IReadOnlyList<DecisionDetails> Decisions { get; init; } = [];
        public IReadOnlyList<BodyMarkDetails> BodyMarks { get; init; } = [];
        public IReadOnlyList<AttachmentDetails> Attachments { get; init; } = [];
    }

    public sealed record DecisionDetails(Guid Id, string Kind, DateTime RecordedUtc, Guid ByUserId, string ByName, string? LevelOfNeed, string? PreviousLevelOfNeed,
        string? OwnerName, string Decision, string? Reason);

    /// <summary>A decision: kind "triage" (levelOfNeed, ownerUserId, decision, reason when the level changes), "close" (decision = outcome, reason = rationale) or "reopen" (reason).</summary>
    public sealed record NewDecision(string? Kind, int? Version, string? LevelOfNeed, Guid? OwnerUserId, string? Decision, string? Reason);

    public static void MapConcernApi(this RouteGroupBuilder api)
    {
        api.MapGet("/concern-categories", async (StaffContext staff, ConcernCategories categories, CancellationToken ct) =>
            {
                var result = new List<CategoryDetails>();
                foreach (var school in staff.GrantFor(RecordType.Concern, Operation.Create).WholeSchools.Order())
                {
                    result.AddRange((await categories.InUseAsync(school, ct)).Select(c => new CategoryDetails(c.Id, c.SchoolId, c.Name, c.DslOnly)));
                }

                return Results.Ok(result);
            })
            .WithTags("Safeguarding")
            .RequireAuthorization(Policies.ConcernReporting)
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Create) { List = true })
            .WithSummary("The concern categories of every school where the token's owner may report a concern.");

        var concerns = api.MapGroup("/concerns").WithTags("Safeguarding");

        concerns.MapPost("", async (NewConcern body, ConcernReporting reporting, AppDbContext db, CancellationToken ct) =>
            {
                var outcome = await reporting.SubmitAsync(new ConcernReport
                {
                    PupilIds = body.PupilIds ?? [],
                    OccurredOn = body.OccurredOn,
                    OccurredAt = body.OccurredAt,
                    Location = body.Location,
                    Account = body.Account,
                    ChildsWords = body.ChildsWords,
                    CategoryId = body.CategoryId,
                    ActionTaken = body.ActionTaken,
                    OthersInformed = body.OthersInformed,
                    ImmediateDanger = body.ImmediateDanger,
                    BodyMarks = [.. (body.BodyMarks ?? []).Select(m => new BodyMarkInput(m.Region, m.X, m.Y, m.Note))],
                    AttachmentIds = body.AttachmentIds ?? [],
                }, ct);
                if (outcome.PupilNotFound)
                {
                    return Results.NotFound();
                }

                if (outcome.Concern is not { } concern)
                {
                    return Results.ValidationProblem(
                        outcome.Errors.ToDictionary(e => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => new[] { e.Value }),
                        statusCode: StatusCodes.Status422UnprocessableEntity);
                }

                var receipt = await db.Concerns.AsNoTracking().Where(c => c.Id == concern.Id).Select(ConcernReceipt.Projection).SingleAsync(ct);
                return Results.Created($"/api/v1/concerns/{concern.Id}/receipt", Details(receipt));
            })
            .RequireAuthorization(Policies.ConcernReporting)
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Create))
            .Produces<ReceiptDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Report a concern about one or more pupils of one school. `immediateDanger: true` alerts every DSL and deputy in scope at once. "
                + "422 names each field to correct; 404 when a pupil is not one the token's owner may report about.");

        concerns.MapGet("/reported", async (AppDbContext db, StaffContext staff, CancellationToken ct) =>
            {
                var receipts = await db.Concerns.AsNoTracking().ReportedBy(staff).OrderByDescending(c => c.RecordedUtc).Take(500)
                    .Select(ConcernReceipt.Projection).ToListAsync(ct);
                return Results.Ok(receipts.Select(Details));
            })
            .WithMetadata(new GuardedByAttribute(RecordType.ConcernReceipt, Operation.Read) { List = true })
            .WithSummary("The concerns the token's owner reported (latest 500): received, open or closed, never the DSL team's notes.");

        concerns.MapGet("/{id:guid}/receipt", async (Guid id, AppDbContext db, StaffContext staff, CancellationToken ct) =>
                await db.Concerns.AsNoTracking().ReportedBy(staff).Where(c => c.Id == id).Select(ConcernReceipt.Projection).FirstOrDefaultAsync(ct) is { } receipt
                    ? Results.Ok(Details(receipt))
                    : Results.NotFound())
            .WithMetadata(new GuardedByAttribute(RecordType.ConcernReceipt, Operation.Read))
            .WithSummary("Whether a concern the token's owner reported was received, and whether it is open or closed.");

        concerns.MapGet("", async (string? status, AppDbContext db, StaffContext staff, CancellationToken ct) =>
                Results.Ok(await ConcernQueue.ListAsync(db, staff, closed: status == "closed", ct)))
            .RequireAuthorization(Policies.SafeguardingCasework)
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Read) { List = true })
            .WithSummary("The DSL team's queue: new and open concerns (`status=closed` for closed ones) the token's owner may read, urgent unopened first, "
                + "with the owner's own unread marker. At most 200.");

        concerns.MapGet("/{id:guid}", async (Guid id, AppDbContext db, StaffContext staff, AuditTrail audit, CancellationToken ct) =>
            {
                var concern = await db.Concerns.AsNoTracking().VisibleTo(staff, Operation.Read).Where(c => c.Id == id)
                    .Select(c => new ConcernDetails(
                        c.Id, c.SchoolId, c.Pupils.Select(p => p.PupilId).ToList(), c.OccurredOn, c.OccurredAt, c.Location, c.Account, c.ChildsWords,
                        c.CategoryId, c.Category!.Name, c.Category.DslOnly, c.ActionTaken, c.OthersInformed, c.Urgent, c.Status.ToString(),
                        c.RecordedUtc, c.ReportedByUserId, c.ReporterName, c.ReporterJobTitle, c.AcknowledgedUtc,
                        c.LevelOfNeed, c.OwnerUserId, c.ClosedUtc, c.Version))
                    .FirstOrDefaultAsync(ct);
                if (concern is null)
                {
                    return Results.NotFound();
                }

                var decisions = await db.ConcernDecisions.AsNoTracking().Where(d => d.ConcernId == id).OrderBy(d => d.RecordedUtc).ToListAsync(ct);
                var marks = await db.BodyMarks.AsNoTracking().Where(m => m.ConcernId == id).OrderBy(m => m.Number).ToListAsync(ct);
                var attachments = await db.ConcernAttachments.AsNoTracking().Where(a => a.ConcernId == id).OrderBy(a => a.UploadedUtc).ToListAsync(ct);
                concern = concern with
                {
                    Decisions = [.. decisions.Select(Details)],
                    BodyMarks = [.. marks.Select(Details)],
                    Attachments = [.. attachments.Select(Details)],
                };

                audit.RecordConcernRead(id, concern.SchoolId, concern.PupilIds);

                await db.SaveChangesAsync(ct);
                return Results.Ok(concern);
            })
            .RequireAuthorization(Policies.SafeguardingCasework)
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Read))
            .WithSummary("A concern as reported, with its body map, the list of its files and the DSL team's decisions. Audited against each pupil. 404 unless the token's owner is in the DSL team for one of its pupils "
                + "(and, for a DSL-only category, is a DSL).");

        concerns.MapPost("/{id:guid}/decisions", async (Guid id, NewDecision body, ConcernCasework casework, CancellationToken ct) =>
            {
                var concern = await casework.ForAmendAsync(id, ct);
                if (concern is null)
                {
                    return Results.NotFound();
                }

                DecisionKind? kind = body.Kind switch { "triage" => DecisionKind.Triage, "close" => DecisionKind.Closed, "reopen" => DecisionKind.Reopened, _ => null };
                if (kind is null || body.Version is null)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]>
                    {
                        [kind is null ? "kind" : "version"] = [kind is null ? "Give the kind: triage, close or reopen." : "Give the concern's version, as last read."],
                    }, statusCode: StatusCodes.Status422UnprocessableEntity);
                }

                var outcome = await casework.DecideAsync(concern, new DecisionRequest(kind.Value, body.Version.Value, body.LevelOfNeed, body.OwnerUserId, body.Decision, body.Reason), ct);
                if (outcome.Conflict)
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict,
                        detail: "Someone else changed this concern after the version you sent. Nothing was saved: read it again and decide on the current version.");
                }

                return outcome.Saved is { } saved
                    ? Results.Created($"/api/v1/concerns/{id}", Details(saved))
                    : Results.ValidationProblem(
                        outcome.Errors.ToDictionary(e => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => new[] { e.Value }),
                        statusCode: StatusCodes.Status422UnprocessableEntity);
            })
            .RequireAuthorization(Policies.SafeguardingCasework)
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Amend))
            .Produces<DecisionDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Record a decision on a concern: triage (level of need, owner, decision; a reason when the level changes), close (outcome and rationale) "
                + "or reopen (reason). Send the version you read: 409 if the concern changed since. 404 unless the token's owner may work on the concern.");

        api.MapPost("/concern-attachments", async (HttpRequest request, StaffContext staff, ConcernAttachments attachments, CancellationToken ct) =>
            {
                if (staff.GrantFor(RecordType.Concern, Operation.Create).IsEmpty)
                {
                    return Results.NotFound();
                }

                if (await FileFromAsync(request, ct) is not { } file)
                {
                    return NoFile();
                }

                var (staged, errors) = await attachments.StageAsync([await UploadedFile.ReadAsync(file, ct)], 0, ct);
                return staged.Count == 1
                    ? Results.Created((string?)null, Details(staged[0]))
                    : Results.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [.. errors] }, statusCode: StatusCodes.Status422UnprocessableEntity);
            })
            .WithTags("Safeguarding")
            .RequireAuthorization(Policies.ConcernReporting)
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Create) { NoRecord = true })
            .WithMetadata(new RequestSizeLimitAttribute(AttachmentRules.MaxBytes + (1024 * 1024)))
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<AttachmentDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Stage a photo or document for a concern about to be reported (then name it in `attachmentIds`). Checked by content; "
                + $"at most {AttachmentRules.MaxBytes / (1024 * 1024)} MB. Only the same token's owner can use it, and it is cleared away after a day if no concern takes it.");

        concerns.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, ConcernAttachments attachments, CancellationToken ct) =>
                await attachments.DownloadAsync(id, attachmentId, ct) is { } download
                    ? Results.File(download.Bytes, AttachmentRules.ContentType(download.Attachment.Kind), download.Attachment.FileName)
                    : Results.NotFound())
            .RequireAuthorization(Policies.SafeguardingCasework)
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Read))
            .WithSummary("Download one of a concern's files, audited against each pupil. 404 unless the token's owner may read the concern.");

        concerns.MapPost("/{id:guid}/attachments", async (Guid id, HttpRequest request, ConcernCasework casework, ConcernAttachments attachments, CancellationToken ct) =>
            {
                // The concern is checked before the upload is read: a caller who may not work on it never gets that far.
                var concern = await casework.ForAmendAsync(id, ct);
                if (concern is null)
                {
                    return Results.NotFound();
                }

                if (await FileFromAsync(request, ct) is not { } file)
                {
                    return NoFile();
                }

                var description = request.Form["description"].FirstOrDefault();
                var (added, errors) = await attachments.AddAsync(concern, await UploadedFile.ReadAsync(file, ct), description, ct);
                return added is not null
                    ? Results.Created($"/api/v1/concerns/{id}/attachments/{added.Id}", Details(added))
                    : Results.ValidationProblem(
                        errors.ToDictionary(e => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => new[] { e.Value }),
                        statusCode: StatusCodes.Status422UnprocessableEntity);
            })
            .RequireAuthorization(Policies.SafeguardingCasework)
            .WithMetadata(new GuardedByAttribute(RecordType.Concern, Operation.Amend))
            .WithMetadata(new RequestSizeLimitAttribute(AttachmentRules.MaxBytes + (1024 * 1024)))
            .Produces<AttachmentDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Add a file (multipart part \"file\", optional \"description\") to a concern the token's owner may work on. 404 otherwise.");
    }

    /// <summary>The part named "file" of a multipart request, or null when the request is not one or has none.</summary>
    private static async Task<IFormFile?> FileFromAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        var form = await request.ReadFormAsync(cancellationToken);
        return form.Files.GetFile("file");
    }

    private static IResult NoFile() =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send the file as multipart form data, in a part named \"file\"."] },
            statusCode: StatusCodes.Status422UnprocessableEntity);

    public static AttachmentDetails Details(ConcernAttachment a) =>
        new(a.Id, a.FileName, AttachmentRules.ContentType(a.Kind), a.Length, a.Sha256, a.Description, a.UploadedUtc, a.UploadedByName);

    private static BodyMarkDetails Details(BodyMark m) =>
        new(m.Region, m.X, m.Y, m.Note) { Number = m.Number, Description = BodyMap.Describe(m.Region) };

    private static DecisionDetails Details(ConcernDecision d) =>
        new(d.Id, d.Kind.ToString(), d.RecordedUtc, d.ByUserId, d.ByName, d.LevelOfNeed, d.PreviousLevelOfNeed, d.OwnerName, d.Decision, d.Reason);

    private static ReceiptDetails Details(ConcernReceipt r) =>
        new(r.Id, r.Reference, r.RecordedUtc, r.Pupils, r.Category, r.Urgent, r.Status.ToString());
}
