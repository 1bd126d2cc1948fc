using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Attune.Features.Safeguarding.Transfer;

/// <summary>
/// The child protection file as it travels between schools (docs/formats/child-protection-file.md): a ZIP of
/// the structured record (child-protection-file.json), the chronology as a PDF and every attachment, sealed
/// with AES-256-GCM under a key derived from a one-time passphrase (PBKDF2-HMAC-SHA256). The passphrase goes
/// to the receiving DSL by another route (a phone call), never with the package.
/// </summary>
public static class ProtectionFilePackage
{
    public const string Magic = "ATTUNECPF1";
    public const string FormatName = "attune-child-protection-file";
    public const int FormatVersion = 1;
    public const int Iterations = 600_000;
    public const long MaxPackageBytes = 512L * 1024 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Five groups of five letters and digits (125 bits), easy to read out over the phone.</summary>
    public static string NewPassphrase()
    {
        const string alphabet = "ABCDEFGHJKMNPQRSTVWXYZ0123456789";
        var groups = Enumerable.Range(0, 5).Select(_ => new string([.. Enumerable.Range(0, 5).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)])]));
        return string.Join('-', groups);
    }

    /// <summary>The passphrase as typed, in the canonical form (upper case, groups joined by hyphens, spaces ignored).</summary>
    public static string Normalise(string passphrase) =>
        string.Join('-', passphrase.ToUpperInvariant().Split(['-', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Seals the contents: the ZIP, then the encrypted envelope.</summary>
    public static (byte[] Package, string ReceiptCode) Seal(ProtectionFileDocument document, byte[] chronologyPdf, IReadOnlyDictionary<string, byte[]> attachments, string passphrase)
    {
        var zip = Zip(document, chronologyPdf, attachments);
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var header = new EnvelopeHeader(FormatName, FormatVersion, new KdfHeader("PBKDF2-HMAC-SHA256", Iterations, Convert.ToBase64String(salt)),
            new CipherHeader("AES-256-GCM", Convert.ToBase64String(nonce), 16));
        var headerBytes = Encoding.UTF8.GetBytes(Magic + "\n" + JsonSerializer.Serialize(header, JsonSerializerOptions.Web) + "\n");
        var key = Key(passphrase, salt, Iterations);
        var cipher = new byte[zip.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(key, 16))
        {
            aes.Encrypt(nonce, zip, cipher, tag, headerBytes);
        }

        return ([.. headerBytes, .. cipher, .. tag], ReceiptCode(key));
    }

    /// <summary>
    /// Opens a package: null with the reason when it is not one, the passphrase is wrong or it was altered
    /// (<c>WrongPassphrase</c>: the two cannot be told apart), or its contents are damaged.
    /// </summary>
    public static (OpenedFile? File, string? Error, bool WrongPassphrase) Open(byte[] package, string passphrase)
    {
        var first = Array.IndexOf(package, (byte)'\n');
        var second = first < 0 ? -1 : Array.IndexOf(package, (byte)'\n', first + 1);
        if (first != Magic.Length || second < 0 || Encoding.ASCII.GetString(package, 0, first) != Magic)
        {
            return (null, "This is not an Attune child protection file package", false);
        }

        EnvelopeHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<EnvelopeHeader>(package.AsSpan(first + 1, second - first - 1), JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            header = null;
        }

        if (header is not { Format: FormatName, Version: FormatVersion, Kdf.Name: "PBKDF2-HMAC-SHA256", Cipher.Name: "AES-256-GCM", Cipher.TagLength: 16 }
            || header.Kdf.Iterations is < 100_000 or > 10_000_000)
        {
            return (null, "This package is in a format or version this Attune cannot read", false);
        }

        var headerLength = second + 1;
        if (package.Length < headerLength + 16)
        {
            return (null, "This package is incomplete", false);
        }

        var key = Key(Normalise(passphrase), Convert.FromBase64String(header.Kdf.Salt), header.Kdf.Iterations);
        var cipher = package.AsSpan(headerLength, package.Length - headerLength - 16);
        var zip = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(Convert.FromBase64String(header.Cipher.Nonce), cipher, package.AsSpan(package.Length - 16), zip, package.AsSpan(0, headerLength));
        }
        catch (AuthenticationTagMismatchException)
        {
            return (null, "The passphrase is wrong, or the package was changed after it was sent. Check the passphrase with the sending school", true);
        }

        var (file, error) = Unzip(zip, ReceiptCode(key));
        return (file, error, false);
    }

    private static byte[] Key(string passphrase, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Normalise(passphrase)), salt, iterations, HashAlgorithmName.SHA256, 32);

    /// <summary>A code only someone who opened the package can work out: the receiving school reads it back as proof of receipt.</summary>
    private static string ReceiptCode(byte[] key)
    {
        var mac = HMACSHA256.HashData(key, "attune-child-protection-file receipt"u8);
        var code = Convert.ToHexString(mac, 0, 5);
        return $"{code[..5]}-{code[5..]}";
    }

    private static byte[] Zip(ProtectionFileDocument document, byte[] chronologyPdf, IReadOnlyDictionary<string, byte[]> attachments)
    {
        var files = new List<(string Path, byte[] Bytes)>
        {
            ("child-protection-file.json", JsonSerializer.SerializeToUtf8Bytes(document, Json)),
            ("chronology.pdf", chronologyPdf),
        };
        files.AddRange(attachments.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value)));
        var manifest = new Manifest(FormatName, FormatVersion, document.ExportedUtc,
            [.. files.Select(f => new ManifestFile(f.Path, f.Bytes.Length, Convert.ToHexStringLower(SHA256.HashData(f.Bytes))))]);

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes) in files.Prepend(("manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, Json))))
            {
                using var entry = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
                entry.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    private static (OpenedFile? File, string? Error) Unzip(byte[] bytes, string receiptCode)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            byte[] Read(string path)
            {
                var entry = zip.GetEntry(path) ?? throw new InvalidDataException($"{path} is missing");
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            }

            var manifest = JsonSerializer.Deserialize<Manifest>(Read("manifest.json"), Json) ?? throw new InvalidDataException("manifest.json is empty");
            var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var file in manifest.Files)
            {
                var content = Read(file.Path);
                if (content.Length != file.Length || Convert.ToHexStringLower(SHA256.HashData(content)) != file.Sha256)
                {
                    throw new InvalidDataException($"{file.Path} does not match the manifest");
                }

                contents[file.Path] = content;
            }

            var document = JsonSerializer.Deserialize<ProtectionFileDocument>(contents["child-protection-file.json"], Json)
                ?? throw new InvalidDataException("child-protection-file.json is empty");
            return (new OpenedFile(document, contents["chronology.pdf"], contents, receiptCode), null);
        }
        catch (Exception error) when (error is InvalidDataException or JsonException or KeyNotFoundException)
        {
            return (null, "The package opened but its contents are damaged: " + error.Message);
        }
    }

    private sealed record EnvelopeHeader(string Format, int Version, KdfHeader Kdf, CipherHeader Cipher);

    private sealed record KdfHeader(string Name, int Iterations, string Salt);

    private sealed record CipherHeader(string Name, string Nonce, int TagLength);

    private sealed record Manifest(string Format, int Version, DateTime ExportedUtc, IReadOnlyList<ManifestFile> Files);

    private sealed record ManifestFile(string Path, long Length, string Sha256);
}

/// <summary>A package opened with its passphrase: the record, the sender's chronology PDF, every file by path, and the receipt code.</summary>
public sealed record OpenedFile(ProtectionFileDocument Document, byte[] ChronologyPdf, IReadOnlyDictionary<string, byte[]> Files, string ReceiptCode);

// The structured record, child-protection-file.json. Names and meanings are documented in docs/formats.
public sealed record ProtectionFileDocument(
    string Format, int Version, DateTime ExportedUtc, FileSender From, FilePupil Pupil,
    IReadOnlyList<FileStatus> Statuses, IReadOnlyList<FileConcern> Concerns);

public sealed record FileSender(string School, string? Urn, string ExportedBy, string? ExportedByJobTitle);

public sealed record FilePupil(string LegalFirstName, string LegalLastName, string? PreferredFirstName, string? PreferredLastName, DateOnly DateOfBirth, string? Upn, string? YearGroup);

public sealed record FileStatus(SafeguardingStatusKind Kind, DateOnly StartedOn, DateOnly? EndedOn, string? Note, DateTime RecordedUtc, string RecordedBy, string? EndedBy);

public sealed record FileConcern(
    Guid Id, DateTime RecordedUtc, DateOnly OccurredOn, TimeOnly? OccurredAt, string? Location, string Account, string? ChildsWords,
    string Category, bool CategoryDslOnly, string? ActionTaken, string? OthersInformed, bool Urgent, ConcernStatus Status,
    string ReporterName, string? ReporterJobTitle, DateTime? AcknowledgedUtc, string? LevelOfNeed, DateTime? ClosedUtc,
    DateTime? EnteredInErrorUtc, string? EnteredInErrorBy, string? EnteredInErrorReason, string? ReceivedFrom, int OtherPupils,
    IReadOnlyList<FileDecision> Decisions, IReadOnlyList<FileAction> Actions, IReadOnlyList<FileReferral> Referrals,
    IReadOnlyList<FileMeeting> Meetings, IReadOnlyList<FileAmendment> Amendments, IReadOnlyList<FileBodyMark> BodyMarks,
    IReadOnlyList<FileAttachment> Attachments);

public sealed record FileDecision(DateTime RecordedUtc, string By, DecisionKind Kind, string? LevelOfNeed, string? PreviousLevelOfNeed, string? OwnerName, string Decision, string? Reason);

public sealed record FileAction(string Description, string OwnerName, DateOnly DueOn, DateTime CreatedUtc, string CreatedBy, DateTime? DoneUtc, string? DoneBy);

public sealed record FileReferral(
    ReferralAgency Agency, string AgencyName, string? Reference, DateOnly MadeOn, TimeOnly? MadeAt, ReferralMethod Method, string Summary,
    DateOnly? ResponseDueOn, DateOnly? ResponseOn, string? Response, DateTime RecordedUtc, string RecordedBy, IReadOnlyList<FileReferralUpdate> Updates);

public sealed record FileReferralUpdate(ReferralUpdateKind Kind, DateOnly On, string Note, DateOnly? NewResponseDueOn, DateTime RecordedUtc, string By);

public sealed record FileMeeting(MeetingKind Kind, DateOnly HeldOn, TimeOnly? HeldAt, string Attendees, string Decisions, DateOnly? NextMeetingOn, DateTime RecordedUtc, string RecordedBy);

public sealed record FileAmendment(string Field, string? Before, string? After, string Reason, string By, DateTime RecordedUtc);

public sealed record FileBodyMark(int Number, string Region, int X, int Y, string Note);

public sealed record FileAttachment(string Path, string FileName, AttachmentKind Kind, long Length, string Sha256, string? Description, DateTime UploadedUtc, string UploadedBy);
