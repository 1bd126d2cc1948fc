using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Attune.Features.Safeguarding;
using Attune.Features.Safeguarding.Transfer;
using Attune.Platform.Data;
using Attune.Platform.Notifications;
using Attune.Platform.Web;
using Attune.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Features.Safeguarding;

/// <summary>
/// The child protection file leaves with the pupil (KCSIE): sealed by the old school's DSL, opened with its
/// passphrase by the new school's Attune into the same pupil, every record and attachment intact and marked
/// received, receipt confirmed with the code only the receiver can know, and an alert when it is not.
/// </summary>
public sealed partial class ProtectionFileTransferTests
{
    private const string Dsl = "dsl@kingsmead.example";
    private const string Teacher = "teacher@kingsmead.example";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_file_sent_by_one_Attune_is_imported_whole_by_another_and_receipt_is_confirmed(DatabaseProvider provider)
    {
        await using var sender = new AttuneApp(provider);
        await using var receiver = new AttuneApp(provider);
        var concern = await sender.QueryAsync(db => db.Concerns.AsNoTracking().Where(c => c.Category!.Name == "Emotional abuse" && c.School!.Name == "Kingsmead Academy")
            .Select(c => new { c.Id, c.Pupils.Single().PupilId, c.Pupils.Single().Pupil!.Upn }).SingleAsync());
        var today = DateOnly.FromDateTime(LocalTime.ToUk(sender.Clock.GetUtcNow().UtcDateTime));
        await BuildCaseAsync(sender, concern.Id, concern.PupilId, today);
        var expected = await FileAsync(sender, concern.PupilId);
        Assert.True(expected.Count >= 2 && expected.Sum(c => c.Attachments.Count) >= 2 && expected.Any(c => c.BodyMarks.Count > 0));

        // The DSL seals the file: the passphrase is shown once, the package downloads.
        var dsl = await StaffSession.SignInAsync(sender, Dsl);
        var path = $"/safeguarding/pupils/{concern.PupilId}/transfer";
        var sealedPage = await (await dsl.PostFormAsync(path, new()
        {
            ["ToSchool"] = "Kingsmead Academy (new site)", ["ToSchoolUrn"] = "123456", ["ToPerson"] = "Helen Brooks, DSL",
            ["Method"] = "SecureEmail", ["SentOn"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        })).Content.ReadAsStringAsync();
        var passphrase = Passphrase().Match(sealedPage).Groups[1].Value;
        Assert.Matches("^[A-Z0-9]{5}(-[A-Z0-9]{5}){4}$", passphrase);
        var transferId = Guid.Parse(PackageLink().Match(sealedPage).Groups[1].Value);
        var package = await (await dsl.GetAsync($"{path}?handler=package&transferId={transferId}")).Content.ReadAsByteArrayAsync();
        Assert.StartsWith("ATTUNECPF1\n", System.Text.Encoding.ASCII.GetString(package, 0, 11), StringComparison.Ordinal);
        Assert.DoesNotContain(expected[0].Account, System.Text.Encoding.UTF8.GetString(package), StringComparison.Ordinal);
        Assert.Null(await sender.QueryAsync(db => db.ProtectionFileTransfers.Where(t => t.Id == transferId).Select(t => t.ReceiptConfirmedOn).SingleAsync()));

        // The new school: a wrong passphrase opens nothing and changes nothing.
        var newDsl = await StaffSession.SignInAsync(receiver, Dsl);
        const string import = "/safeguarding/transfers/import";
        var before = await receiver.QueryAsync(db => db.Concerns.CountAsync());
        var wrong = await (await newDsl.PostMultipartAsync(import, [new("Passphrase", "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")], [("Package", "file.attune-cpf", package)], import))
            .Content.ReadAsStringAsync();
        Assert.Contains("The passphrase is wrong", wrong, StringComparison.Ordinal);
        Assert.Equal(before, await receiver.QueryAsync(db => db.Concerns.CountAsync()));

        // The right passphrase (typed in lower case with spaces) imports it into the pupil with the same UPN.
        var imported = await (await newDsl.PostMultipartAsync(import, [new("Passphrase", passphrase.ToLowerInvariant().Replace('-', ' '))], [("Package", "file.attune-cpf", package)], import))
            .Content.ReadAsStringAsync();
        Assert.Contains("File imported", imported, StringComparison.Ordinal);
        var receiptCode = ReceiptCode().Match(imported).Groups[1].Value;
        Assert.Matches("^[0-9A-F]{5}-[0-9A-F]{5}$", receiptCode);
        var pupil = await receiver.QueryAsync(db => db.Pupils.Where(p => p.Upn == concern.Upn && p.School!.Name == "Kingsmead Academy").Select(p => p.Id).SingleAsync());
        var received = await FileAsync(receiver, pupil, onlyReceived: true);
        Assert.Equal(Describe(expected), Describe(received));
        Assert.All(received, c => Assert.StartsWith("Kingsmead Academy", c.ReceivedFrom, StringComparison.Ordinal));
        Assert.Contains(await receiver.QueryAsync(db => db.SafeguardingStatuses.Where(s => s.PupilId == pupil).Select(s => s.Kind).ToListAsync()),
            k => k == SafeguardingStatusKind.ChildInNeedPlan);
        Assert.Contains("Received from", await newDsl.GetPageAsync($"/safeguarding/pupils/{pupil}/chronology"), StringComparison.Ordinal);
        var again = await (await newDsl.PostMultipartAsync(import, [new("Passphrase", passphrase)], [("Package", "file.attune-cpf", package)], import)).Content.ReadAsStringAsync();
        Assert.Contains("already been imported", again, StringComparison.Ordinal);

        // Receipt: a wrong code is refused; the code the receiver saw confirms it.
        var wrongCode = await dsl.PostFormAsync($"{path}?handler=receipt&transferId={transferId}", new()
        {
            ["ReceiptConfirmedOn"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["ReceiptConfirmedBy"] = "Helen Brooks", ["ReceiptCode"] = "00000-00000",
        }, formPage: path);
        Assert.Contains("does not match this file", await wrongCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var confirmed = await dsl.PostFormAsync($"{path}?handler=receipt&transferId={transferId}", new()
        {
            ["ReceiptConfirmedOn"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["ReceiptConfirmedBy"] = "Helen Brooks", ["ReceiptCode"] = receiptCode.ToLowerInvariant(),
        }, formPage: path);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.True(await sender.QueryAsync(db => db.ProtectionFileTransfers.Where(t => t.Id == transferId).Select(t => t.ReceiptCodeMatched).SingleAsync()));

        // Deputies see transfers but may not send one; teachers see nothing.
        var deputy = await StaffSession.SignInAsync(sender, "deputy.ks3@kingsmead.example");
        Assert.DoesNotContain("Seal the file", await deputy.GetPageAsync(path), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await (await StaffSession.SignInAsync(sender, Teacher)).GetAsync(path)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_unconfirmed_file_alerts_the_DSL_team_once_after_five_school_days(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var pupil = await app.QueryAsync(db => db.Concerns.Where(c => c.Category!.Name == "Emotional abuse" && c.School!.Name == "Kingsmead Academy")
            .Select(c => c.Pupils.Single().PupilId).SingleAsync());
        var sentOn = DateOnly.FromDateTime(LocalTime.ToUk(app.Clock.GetUtcNow().UtcDateTime));
        var dsl = await StaffSession.SignInAsync(app, Dsl);
        var path = $"/safeguarding/pupils/{pupil}/transfer";
        Assert.Contains("attune-passphrase", await (await dsl.PostFormAsync(path, new()
        {
            ["ToSchool"] = "Riverside High", ["ToPerson"] = "Sam Patel, DSL", ["Method"] = "SecureFileTransfer", ["SentOn"] = sentOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        })).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var schoolId = await app.QueryAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync());
        var terms = await app.QueryAsync(db => db.AcademicYears.Where(y => y.SchoolId == schoolId).SelectMany(y => y.Terms).Select(t => new { t.StartsOn, t.EndsOn }).ToListAsync());

        for (var day = 1; day <= 40; day++)
        {
            app.Clock.Advance(TimeSpan.FromDays(1));
            var today = DateOnly.FromDateTime(LocalTime.ToUk(app.Clock.GetUtcNow().UtcDateTime));
            var schoolDays = ProtectionFileTransfers.SchoolDaysBetween(sentOn, today, [.. terms.Select(t => (t.StartsOn, t.EndsOn))]);
            var alerted = await AlertAsync(app);
            Assert.True((schoolDays == 5 ? 1 : 0) == alerted || (schoolDays > 5 && alerted == 0), $"day {day}: {schoolDays} school days, {alerted} alerts");
            if (schoolDays >= 5)
            {
                break;
            }
        }

        var notified = await app.QueryAsync(db => db.Notifications.Where(n => n.Category == "Child protection file not yet received").Select(n => n.Recipient!.Email).ToListAsync());
        Assert.Contains(Dsl, notified);
        Assert.Equal(0, await AlertAsync(app));
    }

    [Fact]
    public void School_days_skip_weekends_bank_holidays_and_days_outside_term()
    {
        // Thursday 17 December 2026; the autumn term ends Friday 18 December, spring starts Tuesday 5 January 2027.
        (DateOnly, DateOnly)[] terms = [(new(2026, 9, 2), new(2026, 12, 18)), (new(2027, 1, 5), new(2027, 3, 26))];
        Assert.Equal(1, ProtectionFileTransfers.SchoolDaysBetween(new(2026, 12, 17), new(2027, 1, 4), terms));
        Assert.Equal(5, ProtectionFileTransfers.SchoolDaysBetween(new(2026, 12, 17), new(2027, 1, 8), terms));
        // With no term dates, working days count: 24, 29, 30 and 31 December; not Christmas Day, the weekend or
        // the Boxing Day substitute on Monday 28th.
        Assert.Equal(4, ProtectionFileTransfers.SchoolDaysBetween(new(2026, 12, 23), new(2026, 12, 31), []));
    }

    private static Task<int> AlertAsync(AttuneApp app) =>
        app.WithScopeAsync(services => ProtectionFileTransfers.AlertUnconfirmedAsync(
            services.GetRequiredService<AppDbContext>(), services.GetRequiredService<Notifier>(), app.Clock, CancellationToken.None));

    /// <summary>A real case on the sending side: triage, an action, a referral with a response, a meeting, a status, a second concern with a body map and files.</summary>
    private static async Task BuildCaseAsync(AttuneApp app, Guid concernId, Guid pupilId, DateOnly today)
    {
        var (_, api) = await app.TokenClientAsync(Dsl);
        var (_, teacher) = await app.TokenClientAsync(Teacher);
        var dslId = await app.UserIdAsync(Dsl);
        var version = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/concerns/{concernId}")).GetProperty("version").GetInt32();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/concerns/{concernId}/decisions", new
        {
            kind = "triage", version, levelOfNeed = "Child in need", ownerUserId = dslId, decision = "Refer to MASH today.",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/concerns/{concernId}/actions", new { description = "Call mum", ownerUserId = dslId, dueOn = today.AddDays(2) })).StatusCode);
        var referral = await (await api.PostAsJsonAsync($"/api/v1/concerns/{concernId}/referrals", new
        {
            agency = "childrensSocialCare", agencyName = "Kingsmead MASH", reference = "MASH/2026/0042", madeOn = today, method = "phone", summary = "Shared the disclosure.",
        })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/concerns/{concernId}/referrals/{referral.GetProperty("id").GetGuid()}/updates", new
        {
            kind = "response", version = referral.GetProperty("version").GetInt32(), on = today, note = "Accepted for a child and family assessment.",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/concerns/{concernId}/meetings", new
        {
            kind = "strategyDiscussion", heldOn = today, attendees = "DSL, social worker, police", decisions = "Section 47 enquiry.",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync($"/api/v1/concerns/{concernId}/attachments", Multipart("mash-referral.pdf", AttachmentRulesTests.Pdf))).StatusCode);
        await app.QueryAsync(async db =>
        {
            db.SafeguardingStatuses.Add(new PupilSafeguardingStatus
            {
                PupilId = pupilId, Kind = SafeguardingStatusKind.ChildInNeedPlan, StartedOn = today, RecordedUtc = app.Clock.GetUtcNow().UtcDateTime, RecordedByName = "Helen Brooks",
            });
            return await db.SaveChangesAsync();
        });

        var staged = await (await teacher.PostAsync("/api/v1/concern-attachments", Multipart("note.png", AttachmentRulesTests.Png))).Content.ReadFromJsonAsync<JsonElement>();
        var category = (await teacher.GetFromJsonAsync<JsonElement>("/api/v1/concern-categories")).EnumerateArray()
            .First(c => c.GetProperty("name").GetString() == "Physical abuse").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await teacher.PostAsJsonAsync("/api/v1/concerns", new
        {
            pupilIds = new[] { pupilId }, occurredOn = today, account = "Bruising on the upper arm, says they fell.", categoryId = category, immediateDanger = false,
            attachmentIds = new[] { staged.GetProperty("id").GetGuid() }, bodyMarks = new[] { new { region = "front-left-upper-arm", x = 118, y = 104, note = "Two oval bruises" } },
        })).StatusCode);
    }

    private sealed record FileConcernView(
        string Account, string Category, string? ReceivedFrom, string Decisions, string Actions, string Referrals, string Meetings, IReadOnlyList<string> BodyMarks, IReadOnlyList<string> Attachments);

    private static Task<List<FileConcernView>> FileAsync(AttuneApp app, Guid pupilId, bool onlyReceived = false) =>
        app.QueryAsync(async db =>
        {
            var concerns = await db.Concerns.AsNoTracking().Where(c => c.Pupils.Any(p => p.PupilId == pupilId) && (!onlyReceived || c.ReceivedUtc != null))
                .Include(c => c.Category).Include(c => c.Decisions).Include(c => c.Actions).Include(c => c.Referrals).ThenInclude(r => r.Updates)
                .Include(c => c.Meetings).Include(c => c.BodyMarks).AsSplitQuery().OrderBy(c => c.Account).ToListAsync();
            var ids = concerns.Select(c => c.Id).ToList();
            var attachments = await db.ConcernAttachments.AsNoTracking().Where(a => a.ConcernId != null && ids.Contains(a.ConcernId.Value)).ToListAsync();
            var attachmentIds = attachments.Select(a => a.Id).ToList();
            var contents = await db.AttachmentContents.AsNoTracking().Where(c => attachmentIds.Contains(c.AttachmentId)).ToDictionaryAsync(c => c.AttachmentId, c => c.Bytes);
            return concerns.Select(c => new FileConcernView(
                c.Account, c.Category!.Name, c.ReceivedFrom,
                string.Join("|", c.Decisions.OrderBy(d => d.RecordedUtc).Select(d => $"{d.Kind}:{d.LevelOfNeed}:{d.Decision}:{d.ByName}:{d.RecordedUtc:O}")),
                string.Join("|", c.Actions.OrderBy(a => a.CreatedUtc).Select(a => $"{a.Description}:{a.OwnerName}:{a.DueOn}:{a.DoneUtc:O}")),
                string.Join("|", c.Referrals.Select(r => $"{r.Agency}:{r.AgencyName}:{r.Reference}:{r.ResponseDueOn}:{string.Join(",", r.Updates.Select(u => $"{u.Kind}:{u.Note}"))}")),
                string.Join("|", c.Meetings.Select(m => $"{m.Kind}:{m.HeldOn}:{m.Attendees}:{m.Decisions}")),
                [.. c.BodyMarks.OrderBy(m => m.Number).Select(m => $"{m.Number}:{m.Region}:{m.X},{m.Y}:{m.Note}")],
                [.. attachments.Where(a => a.ConcernId == c.Id).OrderBy(a => a.FileName)
                    .Select(a => $"{a.FileName}:{a.Kind}:{a.Sha256}:{Convert.ToHexStringLower(SHA256.HashData(contents[a.Id]))}")])).ToList();
        });

    private static string Describe(List<FileConcernView> concerns) =>
        string.Join("\n", concerns.Select(c => $"{c.Account}|{c.Category}|{c.Decisions}|{c.Actions}|{c.Referrals}|{c.Meetings}|{string.Join(";", c.BodyMarks)}|{string.Join(";", c.Attachments)}"));

    private static MultipartFormDataContent Multipart(string name, byte[] bytes) => new() { { new ByteArrayContent(bytes), "file", name } };

    [GeneratedRegex("<p class=\"attune-passphrase\" aria-label=\"Passphrase\">([A-Z0-9-]+)</p>")]
    private static partial Regex Passphrase();

    [GeneratedRegex("handler=package&amp;transferId=([0-9a-f-]{36})")]
    private static partial Regex PackageLink();

    [GeneratedRegex("<p class=\"attune-passphrase\" aria-label=\"Receipt code\">([0-9A-F-]+)</p>")]
    private static partial Regex ReceiptCode();
}
