using System.IO.Compression;
using System.Text;
using Attune.Features.Safeguarding;

namespace Attune.Tests.Features.Safeguarding;

/// <summary>
/// What a concern's files may be, decided from their bytes: a script or program renamed to look like a photo or
/// a PDF is refused with a message naming what it really is; and what a body map mark must have.
/// </summary>
public sealed class AttachmentRulesTests
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0];
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

    public static byte[] Docx() => Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"));

    [Theory]
    [InlineData("note.png", AttachmentKind.Png)]
    [InlineData("IMG_0042.JPG", AttachmentKind.Jpeg)]
    [InlineData("photo.jpeg", AttachmentKind.Jpeg)]
    [InlineData("referral.pdf", AttachmentKind.Pdf)]
    [InlineData("letter.docx", AttachmentKind.Docx)]
    [InlineData("minutes.odt", AttachmentKind.Odt)]
    [InlineData("transcript.txt", AttachmentKind.Text)]
    [InlineData("IMG_1234.HEIC", AttachmentKind.Heic)]
    public void Files_are_accepted_when_their_content_matches_their_name(string name, AttachmentKind kind)
    {
        var (actual, error) = AttachmentRules.Check(name, Sample(kind));

        Assert.Null(error);
        Assert.Equal(kind, actual);
    }

    [Theory]
    [InlineData("bruise.jpg", "script", "is named as a JPG file but is really a plain text file")]
    [InlineData("form.pdf", "program", "does not contain what a PDF file should")]
    [InlineData("letter.docx", "pdf", "is really a PDF")]
    [InlineData("letter.docx", "zip", "does not contain what a DOCX file should")]
    [InlineData("notes.txt", "binary", "does not contain what a TXT file should")]
    [InlineData("setup.exe", "program", "is not a kind of file Attune keeps")]
    [InlineData("page.html", "script", "is not a kind of file Attune keeps")]
    [InlineData("empty.png", "empty", "is empty")]
    public void Files_whose_content_is_not_what_their_name_says_are_refused(string name, string content, string expected)
    {
        var bytes = content switch
        {
            "script" => Encoding.UTF8.GetBytes("<script>fetch('/api/v1/concerns')</script>"),
            "program" => [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00],
            "pdf" => Pdf,
            "zip" => Zip(("readme.txt", "not a document")),
            "binary" => [0x68, 0x69, 0x00, 0x01],
            _ => [],
        };

        var (kind, error) = AttachmentRules.Check(name, bytes);

        Assert.Null(kind);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_over_the_size_limit_are_refused_with_their_size()
    {
        var big = new byte[AttachmentRules.MaxBytes + 1];
        Pdf.CopyTo(big, 0);

        var (_, error) = AttachmentRules.Check("scan.pdf", big);

        Assert.Equal("is 10 MB: files must be 10 MB or smaller", error);
    }

    [Theory]
    [InlineData("C:\\Users\\staff\\Pictures\\note.png", "note.png")]
    [InlineData("../../etc/passwd.txt", "passwd.txt")]
    [InlineData("evil\u202Egnp.txt", "evilgnp.txt")]
    [InlineData("  ", "file")]
    public void File_names_lose_folders_and_hidden_characters(string name, string expected) =>
        Assert.Equal(expected, AttachmentRules.SafeFileName(name));

    [Fact]
    public void Body_map_marks_need_a_known_region_and_a_note_and_an_off_outline_point_moves_to_the_region()
    {
        var (marks, error) = BodyMap.Validate([
            new BodyMarkInput("front-right-forearm", 31, 168, "Four small round bruises"),
            new BodyMarkInput("back-lower-back", 9999, -4, " Red mark, 5 cm "),
        ]);

        Assert.Null(error);
        Assert.Equal([1, 2], marks.Select(m => m.Number));
        Assert.Equal((31, 168), (marks[0].X, marks[0].Y));
        var lowerBack = BodyMap.Find("back-lower-back")!;
        Assert.Equal((lowerBack.X, lowerBack.Y), (marks[1].X, marks[1].Y));
        Assert.Equal("Red mark, 5 cm", marks[1].Note);

        Assert.Equal("Mark 2: choose where on the body it is",
            BodyMap.Validate([new BodyMarkInput("front-face", null, null, "Graze"), new BodyMarkInput("elbow", null, null, "Cut")]).Error);
        Assert.StartsWith("Mark 1 (Right forearm (front)): say what you saw there",
            BodyMap.Validate([new BodyMarkInput("front-right-forearm", null, null, "  ")]).Error, StringComparison.Ordinal);
        Assert.StartsWith("A body map can hold at most 30 marks",
            BodyMap.Validate([.. Enumerable.Repeat(new BodyMarkInput("front-face", null, null, "Mark"), 31)]).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_body_map_region_has_a_unique_key_and_its_centre_inside_the_figure()
    {
        Assert.Equal(BodyMap.Regions.Count, BodyMap.Regions.Select(r => r.Key).Distinct().Count());
        Assert.All(BodyMap.Regions, r => Assert.True(r.X is > 0 and < BodyMap.Width && r.Y is > 0 and < BodyMap.Height, r.Key));

        // The child's right is on the viewer's left at the front and on the viewer's right at the back.
        Assert.True(BodyMap.Find("front-right-hand")!.X < BodyMap.Width / 2);
        Assert.True(BodyMap.Find("back-right-hand")!.X > BodyMap.Width / 2);
    }

    public static byte[] Sample(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Png => Png,
        AttachmentKind.Jpeg => Jpeg,
        AttachmentKind.Pdf => Pdf,
        AttachmentKind.Docx => Docx(),
        AttachmentKind.Odt => Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office:document-content/>")),
        AttachmentKind.Heic => [0, 0, 0, 24, .. "ftypheic"u8.ToArray(), 0, 0, 0, 0],
        _ => Encoding.UTF8.GetBytes("She said: \"I don't want to go home.\"\r\n"),
    };

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        }

        return buffer.ToArray();
    }
}
