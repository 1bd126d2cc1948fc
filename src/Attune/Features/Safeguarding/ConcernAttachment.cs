using System.IO.Compression;
using System.Text;

namespace Attune.Features.Safeguarding;

/// <summary>
/// A photo or document kept with a concern: what it was called, what it really is (checked from its content,
/// not its name), its size and SHA-256, and who added it when. The bytes live apart, in
/// <see cref="AttachmentContent"/>, in the database rather than under the web root: they commit or roll back
/// with the concern, are backed up with it, and are reachable only through the authorized, audited download.
/// An upload belongs to no concern until the report it came with is sent (<see cref="ConcernId"/> null: staged,
/// visible only to its uploader, and cleared away after a day if never sent).
/// </summary>
public sealed class ConcernAttachment
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid? ConcernId { get; set; }
    public Guid? SchoolId { get; set; }

    /// <summary>The name it had on the uploader's device, made safe to show and to offer back as a download name.</summary>
    public required string FileName { get; set; }
    public AttachmentKind Kind { get; set; }
    public long Length { get; set; }

    /// <summary>Lowercase hex SHA-256 of the bytes: shows the file is the one uploaded, in Attune and after a transfer.</summary>
    public required string Sha256 { get; set; }

    public string? Description { get; set; }
    public DateTime UploadedUtc { get; set; }
    public Guid UploadedByUserId { get; set; }
    public required string UploadedByName { get; set; }
}

/// <summary>The bytes of one attachment, loaded only to be downloaded, exported or transferred.</summary>
public sealed class AttachmentContent
{
    public Guid AttachmentId { get; set; }
    public required byte[] Bytes { get; set; }
}

/// <summary>The kinds of file a concern may carry: photos (including iPhone HEIC), PDFs, Word and OpenDocument text, plain text.</summary>
public enum AttachmentKind
{
    Jpeg,
    Png,
    Gif,
    Webp,
    Heic,
    Pdf,
    Docx,
    Odt,
    Text,
}

/// <summary>
/// Decides what an uploaded file is from its bytes and refuses it unless its name says the same: a script
/// renamed .jpg, an executable renamed .pdf or a spreadsheet renamed .docx is turned away with a message
/// naming the file. Nothing is decompressed beyond a zip's directory and its tiny "mimetype" entry.
/// </summary>
public static class AttachmentRules
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxPerConcern = 10;
    public const int MaxFileName = 200;
    public const int MaxDescription = 500;

    /// <summary>What the upload form's file picker offers; the server decides regardless.</summary>
    public const string Accept = ".jpg,.jpeg,.png,.gif,.webp,.heic,.heif,.pdf,.docx,.odt,.txt";

    public static string ContentType(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Jpeg => "image/jpeg",
        AttachmentKind.Png => "image/png",
        AttachmentKind.Gif => "image/gif",
        AttachmentKind.Webp => "image/webp",
        AttachmentKind.Heic => "image/heic",
        AttachmentKind.Pdf => "application/pdf",
        AttachmentKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        AttachmentKind.Odt => "application/vnd.oasis.opendocument.text",
        _ => "text/plain; charset=utf-8",
    };

    public static string Describe(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Jpeg or AttachmentKind.Png or AttachmentKind.Gif or AttachmentKind.Webp or AttachmentKind.Heic => "Photo",
        AttachmentKind.Pdf => "PDF",
        AttachmentKind.Docx => "Word document",
        AttachmentKind.Odt => "OpenDocument text",
        _ => "Text",
    };

    private static readonly Dictionary<string, AttachmentKind[]> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = [AttachmentKind.Jpeg],
        [".jpeg"] = [AttachmentKind.Jpeg],
        [".png"] = [AttachmentKind.Png],
        [".gif"] = [AttachmentKind.Gif],
        [".webp"] = [AttachmentKind.Webp],
        [".heic"] = [AttachmentKind.Heic],
        [".heif"] = [AttachmentKind.Heic],
        [".pdf"] = [AttachmentKind.Pdf],
        [".docx"] = [AttachmentKind.Docx],
        [".odt"] = [AttachmentKind.Odt],
        [".txt"] = [AttachmentKind.Text],
    };

    /// <summary>A file name safe to store and show: no folders, no control or direction characters, not too long.</summary>
    public static string SafeFileName(string? name)
    {
        var bare = (name ?? "").Replace('\\', '/');
        bare = bare[(bare.LastIndexOf('/') + 1)..];
        var cleaned = new string([.. bare.Where(c => !char.IsControl(c) && c is not ('\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069'))]).Trim().Trim('.');
        if (cleaned.Length == 0)
        {
            cleaned = "file";
        }

        if (cleaned.Length > MaxFileName)
        {
            var extension = Path.GetExtension(cleaned);
            cleaned = cleaned[..(MaxFileName - extension.Length)] + extension;
        }

        return cleaned;
    }

    /// <summary>The kind of the file, or an error completing "{file name} ...".</summary>
    public static (AttachmentKind? Kind, string? Error) Check(string fileName, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return (null, "is empty");
        }

        if (bytes.Length > MaxBytes)
        {
            return (null, $"is {bytes.Length / (1024.0 * 1024.0):0.#} MB: files must be {MaxBytes / (1024 * 1024)} MB or smaller");
        }

        if (!Extensions.TryGetValue(Path.GetExtension(fileName), out var expected))
        {
            return (null, "is not a kind of file Attune keeps: add photos (JPEG, PNG, GIF, WebP, HEIC), PDFs, Word (.docx), OpenDocument (.odt) or text (.txt) files");
        }

        var actual = Sniff(bytes);
        if (actual is null || !expected.Contains(actual.Value))
        {
            return (null, actual is null
                ? $"does not contain what a {Path.GetExtension(fileName).TrimStart('.').ToUpperInvariant()} file should; it may be damaged or a different kind of file renamed"
                : $"is named as a {Path.GetExtension(fileName).TrimStart('.').ToUpperInvariant()} file but is really {Article(Describe(actual.Value))}; save it with the right name and add it again");
        }

        return (actual, null);
    }

    private static string Article(string noun) => noun switch
    {
        "OpenDocument text" => "an OpenDocument text file",
        "Text" => "a plain text file",
        "Photo" => "a photo",
        _ => "a " + noun,
    };

    private static AttachmentKind? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((byte[])[0xFF, 0xD8, 0xFF]))
        {
            return AttachmentKind.Jpeg;
        }

        if (bytes.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return AttachmentKind.Png;
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return AttachmentKind.Gif;
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return AttachmentKind.Webp;
        }

        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8) && IsHeifBrand(bytes[8..12]))
        {
            return AttachmentKind.Heic;
        }

        if (bytes.StartsWith("%PDF-"u8))
        {
            return AttachmentKind.Pdf;
        }

        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            return SniffZip(bytes.ToArray());
        }

        return IsPlainText(bytes) ? AttachmentKind.Text : null;
    }

    private static bool IsHeifBrand(ReadOnlySpan<byte> brand) =>
        brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("hevc"u8)
        || brand.SequenceEqual("heif"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8);

    private static AttachmentKind? SniffZip(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.GetEntry("[Content_Types].xml") is not null && zip.GetEntry("word/document.xml") is not null)
            {
                return AttachmentKind.Docx;
            }

            if (zip.GetEntry("mimetype") is { Length: < 100 } mimetype)
            {
                using var reader = new StreamReader(mimetype.Open(), Encoding.ASCII);
                if (reader.ReadToEnd().Trim() == "application/vnd.oasis.opendocument.text")
                {
                    return AttachmentKind.Odt;
                }
            }
        }
        catch (InvalidDataException)
        {
        }

        return null;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool IsPlainText(ReadOnlySpan<byte> bytes)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f'));
    }
}
