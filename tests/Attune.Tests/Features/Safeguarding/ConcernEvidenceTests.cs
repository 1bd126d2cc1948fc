using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Attune.Features.Safeguarding;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Features.Safeguarding;

/// <summary>
/// What a reporter records beyond words: a body map of marks they saw, and photos or documents (checked by
/// content, kept in the database, never in the web root). Files survive a form shown again with errors, belong to
/// their uploader until sent, and are downloaded only by the DSL team in scope, each download audited.
/// </summary>
public sealed partial class ConcernEvidenceTests
{
    private const string Teacher = "teacher@kingsmead.example";
    private const string Dsl = "dsl@kingsmead.example";
    private const string DeputyKs3 = "deputy.ks3@kingsmead.example";
    private const string DeputyKs4 = "pso.ks4@kingsmead.example";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_body_map_and_files_travel_with_the_report_and_only_the_DSL_team_downloads_them(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var pupil = await app.QueryAsync(db => db.Pupils.AsNoTracking()
            .Where(p => p.School!.Name == "Kingsmead Academy" && p.YearGroup!.NationalCurriculumYear == 8 && p.LeftOn == null).OrderBy(p => p.Upn).FirstAsync());
        var category = await app.QueryAsync(db => db.ConcernCategories
            .Where(c => c.Name == "Physical abuse" && db.Schools.Any(s => s.Id == c.SchoolId && s.Name == "Kingsmead Academy")).Select(c => c.Id).SingleAsync());
        var teacher = await StaffSession.SignInAsync(app, Teacher);
        var concernsBefore = await app.QueryAsync(db => db.Concerns.CountAsync());
        var script = Encoding.UTF8.GetBytes("<script>alert(document.cookie)</script>");

        // Adding a mark (a tap on the forearm) with two files chosen: the real photo is kept, the script
        // renamed .jpg is refused by name, and nothing is sent.
        var marked = await teacher.PostMultipartAsync("/concerns/new?handler=mark",
            [new("pupil[0]", pupil.Id.ToString()), new("MarkRegion", "front-right-forearm"), new("MarkX", "31"), new("MarkY", "168"),
             new("MarkNote", "Four small round bruises, purple, in a row"), new("Account", "Saw bruises when she rolled up her sleeve.")],
            [("Files", "note.png", AttachmentRulesTests.Png), ("Files", "bruise.jpg", script)], "/concerns/new");
        var page = await marked.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Contains("bruise.jpg is named as a JPG file but is really a plain text file", page, StringComparison.Ordinal);
        Assert.Contains("note.png", page, StringComparison.Ordinal);
        Assert.Contains("1. Right forearm (front)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);

        // Shown again at /concerns/new?handler=mark, the form still sends to the report itself, not to "add mark" again.
        Assert.Contains("<form method=\"post\" action=\"/concerns/new\"", page, StringComparison.Ordinal);
        var staged = Guid.Parse(StagedAttachment().Match(page).Groups[1].Value);
        Assert.Equal(concernsBefore, await app.QueryAsync(db => db.Concerns.CountAsync()));

        // Sending with another refused file changes nothing and says why, listing the other problems too.
        var fields = new List<KeyValuePair<string, string>>
        {
            new("pupil[0]", pupil.Id.ToString()), new("attachment", staged.ToString()),
            new("Marks[0].Region", "front-right-forearm"), new("Marks[0].X", "31"), new("Marks[0].Y", "168"), new("Marks[0].Note", "Four small round bruises, purple, in a row"),
            new("ImmediateDanger", "no"), new("OccurredOn", Today(app).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new("CategoryId", category.ToString()),
        };
        var refused = await teacher.PostMultipartAsync("/concerns/new", fields, [("Files", "form.pdf", [0x4D, 0x5A, 0x90, 0x00])], "/concerns/new");
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("form.pdf does not contain what a PDF file should", refusedPage, StringComparison.Ordinal);
        Assert.Contains("Enter what you saw, heard or were told", refusedPage, StringComparison.Ordinal);
        Assert.Equal(concernsBefore, await app.QueryAsync(db => db.Concerns.CountAsync()));

        // Sent with a second, valid file and a mark typed but not added: both come too.
        fields.Add(new("Account", "Saw bruises on her forearm when she rolled up her sleeve in PE."));
        fields.Add(new("MarkRegion", "back-lower-back"));
        fields.Add(new("MarkNote", "Red mark about 5 cm across"));
        var sent = await teacher.PostMultipartAsync("/concerns/new", fields, [("Files", "letter.pdf", AttachmentRulesTests.Pdf)], "/concerns/new");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var concernId = Guid.Parse(sent.Headers.Location!.OriginalString.Split('/')[2]);

        var saved = await app.QueryAsync(async db => new
        {
            Marks = await db.BodyMarks.AsNoTracking().Where(m => m.ConcernId == concernId).OrderBy(m => m.Number).ToListAsync(),
            Files = await db.ConcernAttachments.AsNoTracking().Where(a => a.ConcernId == concernId).OrderBy(a => a.FileName).ToListAsync(),
            Stored = await db.ConcernAttachments.CountAsync(),
        });
        Assert.Equal(["front-right-forearm", "back-lower-back"], saved.Marks.Select(m => m.Region));
        Assert.Equal((31, 168), (saved.Marks[0].X, saved.Marks[0].Y));
        Assert.Equal(["letter.pdf", "note.png"], saved.Files.Select(f => f.FileName));
        Assert.Equal([AttachmentKind.Pdf, AttachmentKind.Png], saved.Files.Select(f => f.Kind));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(AttachmentRulesTests.Png)), saved.Files[1].Sha256);
        Assert.Equal(2, saved.Stored);
        Assert.DoesNotContain("note.png", await teacher.GetPageAsync($"/concerns/{concernId}/received"), StringComparison.Ordinal);

        // The DSL reads the map and downloads the photo: the same bytes, as a download, audited against the pupil.
        var dsl = await StaffSession.SignInAsync(app, Dsl);
        var concernPage = await dsl.GetPageAsync($"/safeguarding/concerns/{concernId}");
        Assert.Contains("Four small round bruises, purple, in a row", concernPage, StringComparison.Ordinal);
        Assert.Contains("Lower back (back)", concernPage, StringComparison.Ordinal);
        var photo = saved.Files[1];
        var download = await dsl.GetAsync($"/safeguarding/concerns/{concernId}/attachments/{photo.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(AttachmentRulesTests.Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        var audited = await app.QueryAsync(db => db.AuditEntries
            .Where(a => a.Action == "download" && a.RecordType == nameof(ConcernAttachment) && a.RecordId == photo.Id.ToString()).Select(a => a.PupilId).ToListAsync());
        Assert.Equal([pupil.Id], audited);

        // The reporter, a deputy for other year groups and an attachment of another concern: refused alike.
        Refusal.Assert(await teacher.GetAsync($"/safeguarding/concerns/{concernId}/attachments/{photo.Id}"));
        Refusal.Assert(await (await StaffSession.SignInAsync(app, DeputyKs4)).GetAsync($"/safeguarding/concerns/{concernId}/attachments/{photo.Id}"));
        var otherConcern = await app.QueryAsync(db => db.Concerns.Where(c => c.Id != concernId).Select(c => c.Id).FirstAsync());
        Refusal.Assert(await dsl.GetAsync($"/safeguarding/concerns/{otherConcern}/attachments/{photo.Id}"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Staged_files_belong_to_their_uploader_and_are_cleared_away_a_day_after_if_never_sent(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var (_, teacher) = await app.TokenClientAsync(Teacher);
        var (_, deputy) = await app.TokenClientAsync(DeputyKs3);
        var categories = await teacher.GetFromJsonAsync<JsonElement>("/api/v1/concern-categories");
        var category = categories.EnumerateArray().First(c => c.GetProperty("name").GetString() == "Neglect").GetProperty("id").GetGuid();
        var pupil = await app.QueryAsync(db => db.Pupils.AsNoTracking()
            .Where(p => p.School!.Name == "Kingsmead Academy" && p.YearGroup!.NationalCurriculumYear == 9 && p.LeftOn == null).OrderBy(p => p.Upn).Select(p => p.Id).FirstAsync());
        var docx = AttachmentRulesTests.Docx();

        var stagedAnswer = await teacher.PostAsync("/api/v1/concern-attachments", File("letter home.docx", docx));
        Assert.Equal(HttpStatusCode.Created, stagedAnswer.StatusCode);
        var staged = await stagedAnswer.Content.ReadFromJsonAsync<JsonElement>();
        var stagedId = staged.GetProperty("id").GetGuid();
        var refused = await teacher.PostAsync("/api/v1/concern-attachments", File("letter.docx", AttachmentRulesTests.Pdf));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("letter.docx is named as a DOCX file but is really a PDF", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        object Report(Guid attachment) => new
        {
            pupilIds = new[] { pupil }, occurredOn = Today(app), account = "Came in hungry for the third day running.", categoryId = category, immediateDanger = false,
            attachmentIds = new[] { attachment }, bodyMarks = new[] { new { region = "front-abdomen", note = "Very thin; ribs visible" } },
        };

        // Someone else cannot send the teacher's staged file, nor learn it exists.
        var taken = await deputy.PostAsJsonAsync("/api/v1/concerns", Report(stagedId));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.StatusCode);
        Assert.Contains("attachmentIds", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var sent = await teacher.PostAsJsonAsync("/api/v1/concerns", Report(stagedId));
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var concernId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var concern = await deputy.GetFromJsonAsync<JsonElement>($"/api/v1/concerns/{concernId}");
        var attachment = concern.GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("letter home.docx", attachment.GetProperty("fileName").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(docx)), attachment.GetProperty("sha256").GetString());
        Assert.Equal("Abdomen (tummy) (front)", concern.GetProperty("bodyMarks")[0].GetProperty("description").GetString());
        Assert.Equal(docx, await deputy.GetByteArrayAsync($"/api/v1/concerns/{concernId}/attachments/{stagedId}"));
        Refusal.Assert(await teacher.GetAsync($"/api/v1/concerns/{concernId}/attachments/{stagedId}"));

        // The DSL team adds a document; a file that is not what it says is refused and nothing is kept.
        var added = await deputy.PostAsync($"/api/v1/concerns/{concernId}/attachments", File("mash-referral.pdf", AttachmentRulesTests.Pdf, "Copy of the MASH referral form"));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await deputy.PostAsync($"/api/v1/concerns/{concernId}/attachments", File("minutes.odt", AttachmentRulesTests.Png))).StatusCode);
        Refusal.Assert(await teacher.PostAsync($"/api/v1/concerns/{concernId}/attachments", File("more.pdf", AttachmentRulesTests.Pdf)));

        // A file staged and never sent is cleared away after a day; files on concerns are never touched.
        var abandoned = await teacher.PostAsync("/api/v1/concern-attachments", File("draft.txt", Encoding.UTF8.GetBytes("never sent")));
        Assert.Equal(HttpStatusCode.Created, abandoned.StatusCode);
        Assert.Equal(0, await app.WithScopeAsync(services => ConcernAttachments.PurgeStagedAsync(
            services.GetRequiredService<AppDbContext>(), app.Clock, CancellationToken.None)));
        app.Clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(1, await app.WithScopeAsync(services => ConcernAttachments.PurgeStagedAsync(
            services.GetRequiredService<AppDbContext>(), app.Clock, CancellationToken.None)));
        Assert.Equal(2, await app.QueryAsync(db => db.ConcernAttachments.CountAsync()));
        Assert.Equal(2, await app.QueryAsync(db => db.AttachmentContents.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_DSL_team_adds_documents_from_the_concern_page_and_a_refused_file_is_named(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var concern = await app.QueryAsync(db => db.Concerns.AsNoTracking().Where(c => c.Category!.Name == "Emotional abuse" && c.School!.Name == "Kingsmead Academy").SingleAsync());
        var path = $"/safeguarding/concerns/{concern.Id}/attachments/new";
        var deputy = await StaffSession.SignInAsync(app, DeputyKs3);

        var refused = await deputy.PostMultipartAsync(path, [new("Description", "Letter from home")], [("Upload", "letter.docx", AttachmentRulesTests.Pdf)], path);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("href=\"#Upload\"", page, StringComparison.Ordinal);
        Assert.Contains("letter.docx is named as a DOCX file but is really a PDF", page, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync(db => db.ConcernAttachments.CountAsync()));

        var added = await deputy.PostMultipartAsync(path, [new("Description", "Letter from home")], [("Upload", "letter.docx", AttachmentRulesTests.Docx())], path);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var shown = await deputy.GetPageAsync($"/safeguarding/concerns/{concern.Id}");
        Assert.Contains("letter.docx", shown, StringComparison.Ordinal);
        Assert.Contains("Letter from home", shown, StringComparison.Ordinal);

        Refusal.Assert(await (await StaffSession.SignInAsync(app, DeputyKs4)).GetAsync(path));
        Refusal.Assert(await (await StaffSession.SignInAsync(app, Teacher)).GetAsync(path));
    }

    private static MultipartFormDataContent File(string name, byte[] bytes, string? description = null)
    {
        var content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        if (description is not null)
        {
            content.Add(new StringContent(description), "description");
        }

        return content;
    }


    private static DateOnly Today(AttuneApp app) => DateOnly.FromDateTime(LocalTime.ToUk(app.Clock.GetUtcNow().UtcDateTime));

    [GeneratedRegex("name=\"attachment\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex StagedAttachment();
}
