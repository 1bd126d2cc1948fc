using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attune.Tests.Features.Safeguarding;

/// <summary>
/// Siblings' concerns cross-referenced without copying: the DSL team links two pupils (suggested when they share a
/// parent or carer), each chronology lists the other's concerns the reader may read, and a link is ended, never deleted.
/// </summary>
public sealed class LinkedPupilsTests
{
    private const string Dsl = "dsl@kingsmead.example";
    private const string DeputyKs3 = "deputy.ks3@kingsmead.example";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Linked_siblings_point_to_each_others_concerns_within_each_readers_reach(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var pupil = await app.QueryAsync(db => db.Concerns.Where(c => c.Category!.Name == "Emotional abuse" && c.School!.Name == "Kingsmead Academy")
            .Select(c => c.Pupils.Single().PupilId).SingleAsync());
        var kingsmead = await app.QueryAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync());
        var year11 = await app.QueryAsync(db => db.Pupils.Where(p => p.SchoolId == kingsmead && p.YearGroup!.NationalCurriculumYear == 11 && p.LeftOn == null)
            .OrderBy(p => p.Upn).Select(p => new { p.Id, p.LegalLastName }).FirstAsync());

        // A parent shared with a Year 11 pupil makes them a suggested sibling.
        await app.QueryAsync(async db =>
        {
            var contact = await db.PupilContacts.Where(pc => pc.PupilId == pupil).Select(pc => pc.ContactId).FirstAsync();
            db.PupilContacts.Add(new Attune.Features.Pupils.PupilContact { PupilId = year11.Id, ContactId = contact, Relationship = "Mother" });
            return await db.SaveChangesAsync();
        });
        var (_, teacher) = await app.TokenClientAsync("teacher@kingsmead.example");
        var category = (await teacher.GetFromJsonAsync<JsonElement>("/api/v1/concern-categories")).EnumerateArray()
            .First(c => c.GetProperty("name").GetString() == "Young carer").GetProperty("id").GetGuid();
        var sent = await teacher.PostAsJsonAsync("/api/v1/concerns", new
        {
            pupilIds = new[] { year11.Id }, occurredOn = DateOnly.FromDateTime(LocalTime.ToUk(app.Clock.GetUtcNow().UtcDateTime)),
            account = "Says he looks after his younger brother most nights.", categoryId = category, immediateDanger = false,
        });
        var siblingConcern = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var dsl = await StaffSession.SignInAsync(app, Dsl);
        var links = $"/safeguarding/pupils/{pupil}/links";
        var page = await dsl.GetPageAsync(links);
        Assert.Contains($"value=\"{year11.Id}\"", page, StringComparison.Ordinal);
        Assert.Contains("as a parent or carer", page, StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.RecordType == "LinkedPupils" && a.Action == "read" && a.PupilId == pupil)));

        var missing = await dsl.PostFormAsync($"{links}?handler=link", new() { ["Kind"] = "Sibling" }, formPage: links);
        Assert.Contains("Choose the pupil to link", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var eventsBefore = EventCount(await dsl.GetPageAsync($"/safeguarding/pupils/{pupil}/chronology"));
        var linked = await dsl.PostFormAsync($"{links}?handler=link", new() { ["otherPupilId"] = year11.Id.ToString(), ["Kind"] = "HalfSibling" }, formPage: links);
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);

        // Each chronology points to the other's concerns; nothing is copied into it.
        var chronology = await dsl.GetPageAsync($"/safeguarding/pupils/{pupil}/chronology");
        Assert.Contains($"/safeguarding/concerns/{siblingConcern}", chronology, StringComparison.Ordinal);
        Assert.Equal(eventsBefore, EventCount(chronology));
        Assert.Contains("Emotional abuse", await dsl.GetPageAsync($"/safeguarding/pupils/{year11.Id}/chronology"), StringComparison.Ordinal);

        // The Key Stage 3 deputy reads the Year 9 pupil's chronology but nothing of the Year 11 sibling.
        var deputy = await (await StaffSession.SignInAsync(app, DeputyKs3)).GetPageAsync($"/safeguarding/pupils/{pupil}/chronology");
        Assert.DoesNotContain(siblingConcern.ToString(), deputy, StringComparison.Ordinal);
        Assert.DoesNotContain(year11.LegalLastName, deputy, StringComparison.Ordinal);

        // Ending the link keeps it in history.
        var linkId = await app.QueryAsync(db => db.PupilLinks.Select(l => l.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await dsl.PostFormAsync($"{links}?handler=end", new() { ["linkId"] = linkId.ToString() }, formPage: links)).StatusCode);
        Assert.DoesNotContain($"/safeguarding/concerns/{siblingConcern}", await dsl.GetPageAsync($"/safeguarding/pupils/{pupil}/chronology"), StringComparison.Ordinal);
        Assert.NotNull(await app.QueryAsync(db => db.PupilLinks.Where(l => l.Id == linkId).Select(l => l.EndedUtc).SingleAsync()));
    }

    private static int EventCount(string html) => System.Text.RegularExpressions.Regex.Count(html, "attune-chronology__event");
}
