using System.Security.Cryptography;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding;

/// <summary>A file as it arrived, before it is checked: the name the device gave it and its bytes (null when too big to read).</summary>
public sealed record UploadedFile(string FileName, byte[]? Bytes, long Length)
{
    /// <summary>Reads an uploaded form file, without reading one that is over the size limit.</summary>
    public static async Task<UploadedFile> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        if (file.Length > AttachmentRules.MaxBytes)
        {
            return new UploadedFile(file.FileName, null, file.Length);
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        return new UploadedFile(file.FileName, buffer.ToArray(), file.Length);
    }
}

/// <summary>
/// Photos and documents on concerns. A reporter's files are staged as they are chosen (so a form shown again
/// with errors, or a pupil search, never makes them choose the files twice) and join the concern when it is
/// sent. The DSL team adds files to a concern they can work on. Every download is authorized through the
/// concern and audited against each of its pupils.
/// </summary>
public sealed class ConcernAttachments(AppDbContext db, StaffContext staff, AuditTrail audit, TimeProvider clock)
{
    /// <summary>How long a staged upload waits for its report to be sent before it is cleared away.</summary>
    public static readonly TimeSpan StagedLifetime = TimeSpan.FromDays(1);

    /// <summary>Checks and stores files for a report not yet sent. Refused files are named, each with its reason, in <c>Errors</c>.</summary>
    public async Task<(List<ConcernAttachment> Staged, List<string> Errors)> StageAsync(IReadOnlyList<UploadedFile> files, int alreadyStaged, CancellationToken cancellationToken)
    {
        var staged = new List<ConcernAttachment>();
        var errors = new List<string>();
        foreach (var file in files)
        {
            if (alreadyStaged + staged.Count >= AttachmentRules.MaxPerConcern)
            {
                errors.Add($"{AttachmentRules.SafeFileName(file.FileName)} was not added: a concern can carry at most {AttachmentRules.MaxPerConcern} files");
                continue;
            }

            var (attachment, error) = Create(file, null, null, null);
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }

            staged.Add(attachment!);
        }

        if (staged.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return (staged, errors);
    }

    /// <summary>This member of staff's staged uploads among <paramref name="ids"/>, oldest first; anyone else's are never returned.</summary>
    public Task<List<ConcernAttachment>> StagedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        db.ConcernAttachments.Where(a => ids.Contains(a.Id) && a.ConcernId == null && a.UploadedByUserId == staff.UserId)
            .OrderBy(a => a.UploadedUtc).ThenBy(a => a.FileName).ToListAsync(cancellationToken);

    /// <summary>
    /// Adds a file to a concern the DSL team is working on (the caller has loaded it for amending). Problems are
    /// keyed "File" and "Description".
    /// </summary>
    public async Task<(ConcernAttachment? Attachment, IReadOnlyDictionary<string, string> Errors)> AddAsync(Concern concern, UploadedFile? file, string? description, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var (cleaned, descriptionError) = TextInput.Clean(description, AttachmentRules.MaxDescription);
        if (descriptionError is not null)
        {
            errors["Description"] = "The description " + descriptionError;
        }

        if (file is null)
        {
            errors["File"] = "Choose the file to add";
        }
        else if (await db.ConcernAttachments.CountAsync(a => a.ConcernId == concern.Id, cancellationToken) >= AttachmentRules.MaxPerConcern)
        {
            errors["File"] = $"This concern already carries {AttachmentRules.MaxPerConcern} files, the most it can; record further documents on a new concern";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var (attachment, error) = Create(file!, concern.Id, concern.SchoolId, cleaned);
        if (error is not null)
        {
            errors["File"] = error;
            return (null, errors);
        }

        await db.SaveChangesAsync(cancellationToken);
        return (attachment, errors);
    }

    /// <summary>
    /// One attachment and its bytes, when the member of staff may read the concern it is on; the download is
    /// audited against each of the concern's pupils. Null (answer 404) otherwise.
    /// </summary>
    public async Task<(ConcernAttachment Attachment, byte[] Bytes)?> DownloadAsync(Guid concernId, Guid attachmentId, CancellationToken cancellationToken)
    {
        var concern = await db.Concerns.AsNoTracking().VisibleTo(staff, Operation.Read)
            .Where(c => c.Id == concernId).Select(c => new { c.Id, c.SchoolId }).FirstOrDefaultAsync(cancellationToken);
        if (concern is null)
        {
            return null;
        }

        var attachment = await db.ConcernAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.ConcernId == concernId, cancellationToken);
        if (attachment is null)
        {
            return null;
        }

        var bytes = await db.AttachmentContents.Where(c => c.AttachmentId == attachmentId).Select(c => c.Bytes).FirstAsync(cancellationToken);
        var pupils = await db.ConcernPupils.Where(p => p.ConcernId == concernId).Select(p => p.PupilId).ToListAsync(cancellationToken);
        foreach (var pupil in pupils)
        {
            audit.Record("download", nameof(ConcernAttachment), attachment.Id.ToString(), pupil, concern.SchoolId, AuditOutcome.Succeeded, null);
        }

        await db.SaveChangesAsync(cancellationToken);
        return (attachment, bytes);
    }

    /// <summary>Clears away uploads whose report was never sent, a day after they were staged. Returns how many.</summary>
    public static async Task<int> PurgeStagedAsync(AppDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime - StagedLifetime;
        var stale = await db.ConcernAttachments.Where(a => a.ConcernId == null && a.UploadedUtc < before).Take(500).ToListAsync(cancellationToken);
        if (stale.Count == 0)
        {
            return 0;
        }

        var ids = stale.Select(a => a.Id).ToList();
        db.AttachmentContents.RemoveRange(await db.AttachmentContents.Where(c => ids.Contains(c.AttachmentId)).ToListAsync(cancellationToken));
        db.ConcernAttachments.RemoveRange(stale);
        await db.SaveChangesAsync(cancellationToken);
        return stale.Count;
    }

    private (ConcernAttachment? Attachment, string? Error) Create(UploadedFile file, Guid? concernId, Guid? schoolId, string? description)
    {
        var name = AttachmentRules.SafeFileName(file.FileName);
        if (file.Bytes is null)
        {
            return (null, $"{name} is {file.Length / (1024.0 * 1024.0):0.#} MB: files must be {AttachmentRules.MaxBytes / (1024 * 1024)} MB or smaller");
        }

        var (kind, error) = AttachmentRules.Check(name, file.Bytes);
        if (error is not null)
        {
            return (null, $"{name} {error}");
        }

        var attachment = new ConcernAttachment
        {
            ConcernId = concernId,
            SchoolId = schoolId,
            FileName = name,
            Kind = kind!.Value,
            Length = file.Bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Bytes)),
            Description = description,
            UploadedUtc = clock.GetUtcNow().UtcDateTime,
            UploadedByUserId = staff.UserId,
            UploadedByName = staff.User!.DisplayName,
        };
        db.ConcernAttachments.Add(attachment);
        db.AttachmentContents.Add(new AttachmentContent { AttachmentId = attachment.Id, Bytes = file.Bytes });
        return (attachment, null);
    }
}
