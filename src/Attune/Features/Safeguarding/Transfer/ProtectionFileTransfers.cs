using System.Security.Cryptography;
using Attune.Features.Pupils;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Calendar;
using Attune.Platform.Data;
using Attune.Platform.Documents;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding.Transfer;

/// <summary>Where and how a child protection file is being sent.</summary>
public sealed record SendRequest(string? ToSchool, string? ToSchoolUrn, string? ToPerson, TransferMethod? Method, DateOnly? SentOn);

/// <summary>What an import made: the pupil it went to (and whether that pupil was created), how many concerns, and the receipt code to read back.</summary>
public sealed record ImportOutcome(Guid PupilId, string PupilName, bool CreatedPupil, int Concerns, string FromSchool, string ReceiptCode);

/// <summary>
/// Child protection file transfer (KCSIE, RULES.md section 2): the DSL seals a pupil's whole safeguarding record
/// for their new school, records to whom and how it went, and must obtain confirmation of receipt; a receiving
/// Attune imports the package into a matched or new pupil with the sender's history intact and marked received.
/// </summary>
public sealed class ProtectionFileTransfers(
    AppDbContext db, StaffContext staff, Chronology chronology, PdfRenderer pdf, AuditTrail audit, TimeProvider clock)
{
    public static readonly AccessRequirement Send = new(RecordType.ProtectionFileTransfer, Operation.Create);
    public const int ReceiptSchoolDays = 5;

    public Task<PupilChoice?> PupilAsync(Guid pupilId, AccessRequirement requirement, CancellationToken cancellationToken) =>
        PupilChoice.FindAsync(staff, requirement, pupilId, cancellationToken);

    public Task<List<ProtectionFileTransfer>> ForPupilAsync(Guid pupilId, CancellationToken cancellationToken) =>
        db.ProtectionFileTransfers.AsNoTracking().Where(t => t.PupilId == pupilId).OrderByDescending(t => t.RecordedUtc).ToListAsync(cancellationToken);

    /// <summary>Seals and records the file. The passphrase is returned once, to be shown once, and never stored.</summary>
    public async Task<(ProtectionFileTransfer? Transfer, string? Passphrase, IReadOnlyDictionary<string, string> Errors)> SendAsync(
        PupilChoice pupil, SendRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        var (toSchool, schoolError) = TextInput.Clean(request.ToSchool, 200);
        TextInput.Require(toSchool, schoolError, nameof(request.ToSchool), "Enter the name of the new school", "The school's name", errors);
        var (urn, urnError) = TextInput.Clean(request.ToSchoolUrn, 20);
        if (urnError is not null || (urn is not null && (urn.Length is < 6 or > 7 || !urn.All(char.IsAsciiDigit))))
        {
            errors[nameof(request.ToSchoolUrn)] = "The URN is the school's 6 or 7 digit unique reference number; leave it blank if you do not know it";
        }

        var (toPerson, personError) = TextInput.Clean(request.ToPerson, 200);
        TextInput.Require(toPerson, personError, nameof(request.ToPerson), "Enter who at the new school it is going to: their DSL, by name", "Who it is going to", errors);
        if (request.Method is null)
        {
            errors[nameof(request.Method)] = "Select how it is being sent";
        }

        if (request.SentOn is not { } sentOn)
        {
            errors[nameof(request.SentOn)] = "Enter the date it is sent";
        }
        else if (sentOn > today || sentOn < today.AddDays(-30))
        {
            errors[nameof(request.SentOn)] = "The date it is sent must be today or in the last 30 days";
        }

        // Only someone who can read every concern about the pupil may send the file: nothing may be left behind.
        var all = await db.ConcernPupils.CountAsync(cp => cp.PupilId == pupil.Id, cancellationToken);
        var visible = await db.Concerns.VisibleTo(staff, Operation.Read).Where(c => c.Pupils.Any(cp => cp.PupilId == pupil.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        if (visible.Count < all)
        {
            // Not about any one field: the summary shows it without a link.
            errors["Completeness"] = "Some of this pupil's records are for the designated safeguarding lead alone: the DSL must send the file so that nothing is left out";
        }

        if (errors.Count > 0)
        {
            return (null, null, errors);
        }

        var (document, attachments) = await DocumentAsync(pupil.Id, visible, cancellationToken);
        var result = await chronology.ForPupilAsync(pupil.Id, new ChronologyFilter(null, null), "transfer", cancellationToken)
            ?? throw new NotFoundException();
        var now = clock.GetUtcNow().UtcDateTime;
        var chronologyPdf = await pdf.RenderAsync(ChronologyDocument.For(result, new ChronologyFilter(null, null), staff.User!.DisplayName, now), cancellationToken);
        var passphrase = ProtectionFilePackage.NewPassphrase();
        var (package, receiptCode) = ProtectionFilePackage.Seal(document, chronologyPdf, attachments, passphrase);

        var transfer = new ProtectionFileTransfer
        {
            PupilId = pupil.Id,
            SchoolId = pupil.SchoolId,
            ToSchool = toSchool!,
            ToSchoolUrn = urn,
            ToPerson = toPerson!,
            Method = request.Method!.Value,
            SentOn = request.SentOn!.Value,
            RecordedUtc = now,
            SentByUserId = staff.UserId,
            SentByName = staff.User.DisplayName,
            Concerns = document.Concerns.Count,
            PackageLength = package.Length,
            PackageSha256 = Convert.ToHexStringLower(SHA256.HashData(package)),
            ReceiptCode = receiptCode,
        };
        db.ProtectionFileTransfers.Add(transfer);
        db.ProtectionFilePackages.Add(new ProtectionFilePackageContent { TransferId = transfer.Id, Bytes = package });
        await db.SaveChangesAsync(cancellationToken);
        return (transfer, passphrase, errors);
    }

    /// <summary>The sealed package of a transfer of a pupil the reader may see transfers of; the download is audited.</summary>
    public async Task<(ProtectionFileTransfer Transfer, byte[] Package)?> PackageAsync(Guid pupilId, Guid transferId, CancellationToken cancellationToken)
    {
        var transfer = await db.ProtectionFileTransfers.AsNoTracking().FirstOrDefaultAsync(t => t.Id == transferId && t.PupilId == pupilId, cancellationToken);
        if (transfer is null)
        {
            return null;
        }

        var bytes = await db.ProtectionFilePackages.Where(p => p.TransferId == transferId).Select(p => p.Bytes).FirstAsync(cancellationToken);
        audit.Record("download", nameof(ProtectionFileTransfer), transferId.ToString(), pupilId, transfer.SchoolId, AuditOutcome.Succeeded, null);
        await db.SaveChangesAsync(cancellationToken);
        return (transfer, bytes);
    }

    /// <summary>The sending school's chronology PDF from a file received for the pupil; the read is audited.</summary>
    public async Task<byte[]?> ReceivedChronologyAsync(Guid pupilId, Guid fileId, CancellationToken cancellationToken)
    {
        var file = await db.ReceivedProtectionFiles.AsNoTracking().Where(r => r.Id == fileId && r.PupilId == pupilId)
            .Select(r => new { r.SchoolId, r.ChronologyPdf }).FirstOrDefaultAsync(cancellationToken);
        if (file is null)
        {
            return null;
        }

        audit.Record("download", nameof(ReceivedProtectionFile), fileId.ToString(), pupilId, file.SchoolId, AuditOutcome.Succeeded, null);
        await db.SaveChangesAsync(cancellationToken);
        return file.ChronologyPdf;
    }

    /// <summary>Records that the new school confirmed receipt; a receipt code, when given, must be the one their Attune showed.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RecordReceiptAsync(Guid pupilId, Guid transferId, DateOnly? confirmedOn, string? confirmedBy, string? receiptCode, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var transfer = await db.ProtectionFileTransfers.FirstOrDefaultAsync(t => t.Id == transferId && t.PupilId == pupilId, cancellationToken)
            ?? throw new NotFoundException();
        var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        if (transfer.ReceiptConfirmedOn is not null)
        {
            errors["ReceiptConfirmedOn"] = "Receipt of this file is already recorded";
            return errors;
        }

        if (confirmedOn is not { } on || on > today || on < transfer.SentOn)
        {
            errors["ReceiptConfirmedOn"] = "Enter the date receipt was confirmed: on or after the day it was sent, and not in the future";
        }

        var (by, byError) = TextInput.Clean(confirmedBy, 200);
        TextInput.Require(by, byError, "ReceiptConfirmedBy", "Enter who at the new school confirmed receipt", "Who confirmed", errors);
        var code = string.IsNullOrWhiteSpace(receiptCode) ? null : ProtectionFilePackage.Normalise(receiptCode).Replace(" ", "", StringComparison.Ordinal);
        if (code is not null && !string.Equals(code, transfer.ReceiptCode, StringComparison.Ordinal))
        {
            errors["ReceiptCode"] = "That receipt code does not match this file. Check it with the new school, or leave it blank and record how they confirmed";
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        transfer.ReceiptConfirmedOn = confirmedOn;
        transfer.ReceiptConfirmedBy = by;
        transfer.ReceiptCodeMatched = code is not null;
        transfer.ReceiptRecordedByName = staff.User!.DisplayName;
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>Transfers of pupils within the reader's reach still awaiting confirmation of receipt, oldest first.</summary>
    public Task<List<ProtectionFileTransfer>> AwaitingReceiptAsync(CancellationToken cancellationToken)
    {
        var pupils = db.Pupils.VisibleTo(staff, new AccessRequirement(RecordType.ProtectionFileTransfer, Operation.Read)).Select(p => p.Id);
        return db.ProtectionFileTransfers.AsNoTracking().Include(t => t.Pupil)
            .Where(t => t.ReceiptConfirmedOn == null && pupils.Contains(t.PupilId))
            .OrderBy(t => t.SentOn).Take(100).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Opens a package with its passphrase and imports it into a pupil of <paramref name="schoolId"/>: the one with
    /// the same UPN (or the same legal names and date of birth), or a new pupil when there is none.
    /// </summary>
    public async Task<(ImportOutcome? Outcome, IReadOnlyDictionary<string, string> Errors)> ImportAsync(byte[]? package, string? passphrase, Guid? schoolId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var schools = staff.GrantFor(RecordType.ProtectionFileTransfer, Operation.Import).WholeSchools;
        if (schoolId is not { } school || !schools.Contains(school))
        {
            errors["SchoolId"] = "Select the school the pupil is joining";
        }

        if (package is null || package.Length == 0)
        {
            errors["Package"] = "Choose the package file the sending school gave you";
        }
        else if (package.Length > ProtectionFilePackage.MaxPackageBytes)
        {
            errors["Package"] = "The package is larger than Attune can import (512 MB)";
        }

        if (string.IsNullOrWhiteSpace(passphrase))
        {
            errors["Passphrase"] = "Enter the passphrase the sending school gave you";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var (opened, error, wrongPassphrase) = ProtectionFilePackage.Open(package!, passphrase!);
        if (opened is null)
        {
            errors[wrongPassphrase ? "Passphrase" : "Package"] = error!;
            return (null, errors);
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(package!));
        if (await db.ReceivedProtectionFiles.AnyAsync(r => r.PackageSha256 == sha, cancellationToken))
        {
            errors["Package"] = "This package has already been imported";
            return (null, errors);
        }

        var document = opened.Document;
        var now = clock.GetUtcNow().UtcDateTime;
        var pupil = await MatchAsync(schoolId!.Value, document.Pupil, cancellationToken);
        var created = pupil is null;
        if (pupil is null)
        {
            if (string.IsNullOrWhiteSpace(document.Pupil.Upn))
            {
                errors["Package"] = "No pupil here matches this file and it has no UPN to add them by: add the pupil from your MIS first, then import it again";
                return (null, errors);
            }

            pupil = new Pupil
            {
                SchoolId = schoolId.Value,
                Upn = document.Pupil.Upn,
                LegalFirstName = document.Pupil.LegalFirstName,
                LegalLastName = document.Pupil.LegalLastName,
                PreferredFirstName = document.Pupil.PreferredFirstName,
                PreferredLastName = document.Pupil.PreferredLastName,
                DateOfBirth = document.Pupil.DateOfBirth,
                AdmittedOn = DateOnly.FromDateTime(LocalTime.ToUk(now)),
            };
            pupil.RefreshSearchText();
            db.Pupils.Add(pupil);
        }

        var from = document.From.School + (document.From.Urn is null ? "" : $" (URN {document.From.Urn})");
        var categories = await db.ConcernCategories.Where(c => c.SchoolId == schoolId).ToListAsync(cancellationToken);
        foreach (var item in document.Concerns)
        {
            var category = categories.FirstOrDefault(c => string.Equals(c.Name, item.Category, StringComparison.OrdinalIgnoreCase));
            if (category is null)
            {
                // The sender's category is kept, retired here so it is never offered for new reports.
                category = new ConcernCategory
                {
                    SchoolId = schoolId.Value, Name = item.Category, DslOnly = item.CategoryDslOnly, Retired = true, SortOrder = 10_000,
                    RetainIndefinitely = ConcernCategories.RetainedIndefinitely.Contains(item.Category),
                };
                categories.Add(category);
                db.ConcernCategories.Add(category);
            }

            var concern = Concern(item, schoolId.Value, pupil.Id, category.Id, from, now);
            db.Concerns.Add(concern);
            foreach (var sent in item.Attachments)
            {
                var bytes = opened.Files[sent.Path];
                var attachment = new ConcernAttachment
                {
                    ConcernId = concern.Id, SchoolId = schoolId.Value, FileName = AttachmentRules.SafeFileName(sent.FileName), Kind = sent.Kind, Length = bytes.Length,
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Description = sent.Description, UploadedUtc = sent.UploadedUtc,
                    UploadedByName = sent.UploadedBy, UploadedByUserId = Guid.Empty,
                };
                db.ConcernAttachments.Add(attachment);
                db.AttachmentContents.Add(new AttachmentContent { AttachmentId = attachment.Id, Bytes = bytes });
            }
        }

        foreach (var status in document.Statuses)
        {
            db.SafeguardingStatuses.Add(new PupilSafeguardingStatus
            {
                PupilId = pupil.Id, Kind = status.Kind, StartedOn = status.StartedOn, EndedOn = status.EndedOn,
                Note = Join(status.Note, $"Received from {from}."), RecordedUtc = status.RecordedUtc, RecordedByName = status.RecordedBy, EndedByName = status.EndedBy,
            });
        }

        db.ReceivedProtectionFiles.Add(new ReceivedProtectionFile
        {
            PupilId = pupil.Id, SchoolId = schoolId.Value, FromSchool = document.From.School, FromUrn = document.From.Urn, ExportedUtc = document.ExportedUtc,
            ExportedBy = document.From.ExportedBy, ImportedUtc = now, ImportedByName = staff.User!.DisplayName, PackageSha256 = sha,
            Concerns = document.Concerns.Count, ChronologyPdf = opened.ChronologyPdf,
        });
        await db.SaveChangesAsync(cancellationToken);
        return (new ImportOutcome(pupil.Id, pupil.DisplayName, created, document.Concerns.Count, from, opened.ReceiptCode), errors);
    }

    /// <summary>Alerts the DSL team once about each file whose receipt is not confirmed within five school days of sending.</summary>
    public static async Task<int> AlertUnconfirmedAsync(AppDbContext db, Notifier notifier, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        var waiting = await db.ProtectionFileTransfers.Where(t => t.ReceiptConfirmedOn == null && t.UnconfirmedAlertUtc == null && t.SentOn < today)
            .Include(t => t.Pupil).ThenInclude(p => p!.YearGroup).ToListAsync(cancellationToken);
        var alerted = 0;
        foreach (var transfer in waiting)
        {
            var terms = await db.AcademicYears.Where(y => y.SchoolId == transfer.SchoolId).SelectMany(y => y.Terms)
                .Select(t => new { t.StartsOn, t.EndsOn }).ToListAsync(cancellationToken);
            if (SchoolDaysBetween(transfer.SentOn, today, terms.Select(t => (t.StartsOn, t.EndsOn)).ToList()) < ReceiptSchoolDays)
            {
                continue;
            }

            var team = await new DslTeam(db).ForAsync(transfer.SchoolId, [transfer.Pupil?.YearGroup?.NationalCurriculumYear], dslOnly: true, cancellationToken);
            foreach (var member in team.Append(transfer.SentByUserId).Distinct())
            {
                await notifier.NotifyAsync(member, "Child protection file not yet received",
                    $"Receipt of a child protection file sent {ReceiptSchoolDays} or more school days ago has not been confirmed. Contact the new school.",
                    $"/safeguarding/pupils/{transfer.PupilId}/transfer", transfer.SchoolId, NotificationSender.Attune);
            }

            transfer.UnconfirmedAlertUtc = clock.GetUtcNow().UtcDateTime;
            alerted++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return alerted;
    }

    /// <summary>
    /// School days after <paramref name="from"/> up to and including <paramref name="to"/>: weekdays that are not
    /// bank holidays and fall in one of the school's terms (every working day when the school has no term dates).
    /// </summary>
    public static int SchoolDaysBetween(DateOnly from, DateOnly to, IReadOnlyList<(DateOnly StartsOn, DateOnly EndsOn)> terms)
    {
        var days = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (WorkingDays.IsWorkingDay(day) && (terms.Count == 0 || terms.Any(t => day >= t.StartsOn && day <= t.EndsOn)))
            {
                days++;
            }
        }

        return days;
    }

    private async Task<(ProtectionFileDocument Document, Dictionary<string, byte[]> Attachments)> DocumentAsync(Guid pupilId, List<Guid> concernIds, CancellationToken cancellationToken)
    {
        var pupil = await db.Pupils.AsNoTracking().Include(p => p.School).Include(p => p.YearGroup).FirstAsync(p => p.Id == pupilId, cancellationToken);
        var concerns = await db.Concerns.AsNoTracking().Where(c => concernIds.Contains(c.Id))
            .Include(c => c.Category).Include(c => c.Pupils).Include(c => c.Decisions).Include(c => c.Actions)
            .Include(c => c.Referrals).ThenInclude(r => r.Updates).Include(c => c.Meetings).Include(c => c.Amendments).Include(c => c.BodyMarks)
            .AsSplitQuery().OrderBy(c => c.OccurredOn).ThenBy(c => c.RecordedUtc).ToListAsync(cancellationToken);
        var attachments = await db.ConcernAttachments.AsNoTracking().Where(a => a.ConcernId != null && concernIds.Contains(a.ConcernId.Value)).ToListAsync(cancellationToken);
        var attachmentIds = attachments.Select(a => a.Id).ToList();
        var contents = await db.AttachmentContents.AsNoTracking().Where(c => attachmentIds.Contains(c.AttachmentId)).ToDictionaryAsync(c => c.AttachmentId, c => c.Bytes, cancellationToken);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string PathOf(ConcernAttachment a) => $"attachments/{a.Id}/{a.FileName}";
        foreach (var attachment in attachments)
        {
            files[PathOf(attachment)] = contents[attachment.Id];
        }

        var statuses = await db.SafeguardingStatuses.AsNoTracking().Where(s => s.PupilId == pupilId).OrderBy(s => s.StartedOn).ToListAsync(cancellationToken);
        var document = new ProtectionFileDocument(
            ProtectionFilePackage.FormatName, ProtectionFilePackage.FormatVersion, clock.GetUtcNow().UtcDateTime,
            new FileSender(pupil.School!.Name, pupil.School.Urn, staff.User!.DisplayName, staff.User.JobTitle),
            new FilePupil(pupil.LegalFirstName, pupil.LegalLastName, pupil.PreferredFirstName, pupil.PreferredLastName, pupil.DateOfBirth, pupil.Upn, pupil.YearGroup?.Name),
            [.. statuses.Select(s => new FileStatus(s.Kind, s.StartedOn, s.EndedOn, s.Note, s.RecordedUtc, s.RecordedByName, s.EndedByName))],
            [.. concerns.Select(c => new FileConcern(
                c.Id, c.RecordedUtc, c.OccurredOn, c.OccurredAt, c.Location, c.Account, c.ChildsWords, c.Category!.Name, c.Category.DslOnly,
                c.ActionTaken, c.OthersInformed, c.Urgent, c.Status, c.ReporterName, c.ReporterJobTitle, c.AcknowledgedUtc, c.LevelOfNeed, c.ClosedUtc,
                c.EnteredInErrorUtc, c.EnteredInErrorByName, c.EnteredInErrorReason, c.ReceivedFrom, c.Pupils.Count - 1,
                [.. c.Decisions.OrderBy(d => d.RecordedUtc).Select(d => new FileDecision(d.RecordedUtc, d.ByName, d.Kind, d.LevelOfNeed, d.PreviousLevelOfNeed, d.OwnerName, d.Decision, d.Reason))],
                [.. c.Actions.OrderBy(a => a.CreatedUtc).Select(a => new FileAction(a.Description, a.OwnerName, a.DueOn, a.CreatedUtc, a.CreatedByName, a.DoneUtc, a.DoneByName))],
                [.. c.Referrals.OrderBy(r => r.MadeOn).ThenBy(r => r.RecordedUtc).Select(r => new FileReferral(
                    r.Agency, r.AgencyName, r.Reference, r.MadeOn, r.MadeAt, r.Method, r.Summary, r.ResponseDueOn, r.ResponseOn, r.Response, r.RecordedUtc, r.RecordedByName,
                    [.. r.Updates.OrderBy(u => u.RecordedUtc).Select(u => new FileReferralUpdate(u.Kind, u.On, u.Note, u.NewResponseDueOn, u.RecordedUtc, u.ByName))]))],
                [.. c.Meetings.OrderBy(m => m.HeldOn).Select(m => new FileMeeting(m.Kind, m.HeldOn, m.HeldAt, m.Attendees, m.Decisions, m.NextMeetingOn, m.RecordedUtc, m.RecordedByName))],
                [.. c.Amendments.OrderBy(a => a.RecordedUtc).Select(a => new FileAmendment(a.Field, a.Before, a.After, a.Reason, a.ByName, a.RecordedUtc))],
                [.. c.BodyMarks.OrderBy(m => m.Number).Select(m => new FileBodyMark(m.Number, m.Region, m.X, m.Y, m.Note))],
                [.. attachments.Where(a => a.ConcernId == c.Id).OrderBy(a => a.UploadedUtc).Select(a => new FileAttachment(
                    PathOf(a), a.FileName, a.Kind, a.Length, a.Sha256, a.Description, a.UploadedUtc, a.UploadedByName))]))]);
        return (document, files);
    }

    private Task<Pupil?> MatchAsync(Guid schoolId, FilePupil sent, CancellationToken cancellationToken) =>
        !string.IsNullOrWhiteSpace(sent.Upn) && db.Pupils.Any(p => p.SchoolId == schoolId && p.Upn == sent.Upn)
            ? db.Pupils.FirstOrDefaultAsync(p => p.SchoolId == schoolId && p.Upn == sent.Upn, cancellationToken)
            : db.Pupils.FirstOrDefaultAsync(p => p.SchoolId == schoolId && p.DateOfBirth == sent.DateOfBirth
                && p.LegalFirstName == sent.LegalFirstName && p.LegalLastName == sent.LegalLastName, cancellationToken);

    private static Concern Concern(FileConcern item, Guid schoolId, Guid pupilId, Guid categoryId, string from, DateTime now)
    {
        var concern = new Concern
        {
            SchoolId = schoolId,
            ReportedByUserId = Guid.Empty,
            ReporterName = item.ReporterName,
            ReporterJobTitle = item.ReporterJobTitle,
            RecordedUtc = item.RecordedUtc,
            OccurredOn = item.OccurredOn,
            OccurredAt = item.OccurredAt,
            Location = item.Location,
            Account = item.Account,
            ChildsWords = item.ChildsWords,
            CategoryId = categoryId,
            ActionTaken = item.ActionTaken,
            OthersInformed = item.OthersInformed,
            Urgent = item.Urgent,
            Status = item.Status,
            AcknowledgedUtc = item.AcknowledgedUtc,
            LevelOfNeed = item.LevelOfNeed,
            ClosedUtc = item.ClosedUtc,
            EnteredInErrorUtc = item.EnteredInErrorUtc,
            EnteredInErrorByName = item.EnteredInErrorBy,
            EnteredInErrorReason = item.EnteredInErrorReason,
            ReceivedFrom = from,
            ReceivedUtc = now,
            Pupils = [new ConcernPupil { PupilId = pupilId }],
            Decisions = [.. item.Decisions.Select(d => new ConcernDecision
            {
                RecordedUtc = d.RecordedUtc, ByName = d.By, Kind = d.Kind, LevelOfNeed = d.LevelOfNeed, PreviousLevelOfNeed = d.PreviousLevelOfNeed,
                OwnerName = d.OwnerName, Decision = d.Decision, Reason = d.Reason,
            })],
            Actions = [.. item.Actions.Select(a => new SafeguardingAction
            {
                Description = a.Description, OwnerName = a.OwnerName, DueOn = a.DueOn, CreatedUtc = a.CreatedUtc, CreatedByName = a.CreatedBy, DoneUtc = a.DoneUtc, DoneByName = a.DoneBy,
            })],
            Referrals = [.. item.Referrals.Select(r => new Referral
            {
                Agency = r.Agency, AgencyName = r.AgencyName, Reference = r.Reference, MadeOn = r.MadeOn, MadeAt = r.MadeAt, Method = r.Method, Summary = r.Summary,
                ResponseDueOn = r.ResponseDueOn, ResponseOn = r.ResponseOn, Response = r.Response, RecordedUtc = r.RecordedUtc, RecordedByName = r.RecordedBy,
                Updates = [.. r.Updates.Select(u => new ReferralUpdate { Kind = u.Kind, On = u.On, Note = u.Note, NewResponseDueOn = u.NewResponseDueOn, RecordedUtc = u.RecordedUtc, ByName = u.By })],
            })],
            Meetings = [.. item.Meetings.Select(m => new SafeguardingMeeting
            {
                Kind = m.Kind, HeldOn = m.HeldOn, HeldAt = m.HeldAt, Attendees = m.Attendees, Decisions = m.Decisions, NextMeetingOn = m.NextMeetingOn,
                RecordedUtc = m.RecordedUtc, RecordedByName = m.RecordedBy,
            })],
            Amendments = [.. item.Amendments.Select(a => new ConcernAmendment
            {
                Field = a.Field, Before = a.Before, After = a.After, Reason = a.Reason, ByName = a.By, RecordedUtc = a.RecordedUtc,
            })],
            BodyMarks = [.. item.BodyMarks.Select(m => new BodyMark { Number = m.Number, Region = m.Region, X = m.X, Y = m.Y, Note = m.Note })],
        };
        return concern;
    }

    private static string Join(string? note, string suffix) => note is null ? suffix : $"{note} {suffix}";
}
