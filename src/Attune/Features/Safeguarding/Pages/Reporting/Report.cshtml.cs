using Attune.Features.Pupils;
using System.Globalization;
using Attune.Features.Pupils.Pages;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding.Pages.Reporting;

/// <summary>
/// "Report a concern", for every member of staff, from every page. One form that works without JavaScript: the
/// pupil search posts back to the same form, keeping everything typed so far, and chosen pupils travel as
/// hidden fields. Names are searched by POST so they never reach an address bar or a log.
/// </summary>
[GuardedBy(RecordType.Concern, Operation.Create)]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class ReportModel(AppDbContext db, StaffContext staff, ConcernReporting reporting, ConcernCategories categories, ConcernAttachments attachments, Keywork.KeyworkSessions sessions, TimeProvider clock) : PageModel
{
    private const int MaxMatches = 20;

    /// <summary>Room for a concern's full allowance of files in one post, and its text.</summary>
    private const long MaxRequestBytes = (AttachmentRules.MaxPerConcern * AttachmentRules.MaxBytes) + (1024 * 1024);

    [BindProperty] public string? Query { get; set; }
    [BindProperty] public string? OccurredOn { get; set; }
    [BindProperty] public string? OccurredAt { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public string? Account { get; set; }
    [BindProperty] public string? ChildsWords { get; set; }
    [BindProperty] public Guid? CategoryId { get; set; }
    [BindProperty] public string? ActionTaken { get; set; }
    [BindProperty] public string? OthersInformed { get; set; }
    [BindProperty] public string? ImmediateDanger { get; set; }

    /// <summary>The keywork session this concern is reported from, when the keyworker pressed its concern button: the session links to the concern once it is sent.</summary>
    [BindProperty(Name = "session")] public Guid? FromSession { get; set; }

    /// <summary>Files chosen in this post; staged at once, so they travel on as <see cref="AttachmentIds"/>.</summary>
    [BindProperty] public List<IFormFile> Files { get; set; } = [];
    [BindProperty(Name = "attachment")] public List<Guid> AttachmentIds { get; set; } = [];

    /// <summary>Marks already on the body map (hidden fields), and the one being added.</summary>
    [BindProperty] public List<MarkField> Marks { get; set; } = [];
    [BindProperty] public string? MarkRegion { get; set; }
    [BindProperty] public string? MarkNote { get; set; }
    [BindProperty] public int? MarkX { get; set; }
    [BindProperty] public int? MarkY { get; set; }

    public IReadOnlyList<PupilChoice> Chosen { get; private set; } = [];
    public IReadOnlyList<PupilChoice>? Matches { get; private set; }
    public IReadOnlyList<ConcernCategory> Categories { get; private set; } = [];
    public IReadOnlyList<string> DslNames { get; private set; } = [];
    public IReadOnlyList<ConcernAttachment> Staged { get; private set; } = [];

    /// <summary>The marks as the body map draws them (numbered in order; unplaced ones at their region's centre).</summary>
    public IReadOnlyList<BodyMark> MarksShown => [.. Marks.Select((m, i) => BodyMap.Find(m.Region) is { } region
        ? new BodyMark { Number = i + 1, Region = region.Key, X = m.X ?? region.X, Y = m.Y ?? region.Y, Note = m.Note ?? "" }
        : null).OfType<BodyMark>()];

    public async Task OnGetAsync(Guid? pupil, Guid? session)
    {
        OccurredOn = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (session is { } sessionId && pupil is { } pupilId && await sessions.OwnSessionAsync(sessionId, pupilId, HttpContext.RequestAborted) is { } from)
        {
            FromSession = from.Id;
            OccurredOn = from.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Location = "Keywork session";
        }

        await LoadAsync(pupil is { } id ? [id] : []);
    }

    /// <summary>Finds pupils to add, keeping the rest of the form as typed.</summary>
    [GuardedBy(RecordType.Concern, Operation.Create, List = true)]
    public async Task OnPostFindAsync(List<Guid> pupil)
    {
        ModelState.Clear();
        await StageFilesAsync();
        await LoadAsync(pupil);
        var terms = SearchModel.Terms(Query);
        if (terms.Count == 0 || terms.Any(t => t.Length > 100))
        {
            ModelState.AddModelError(nameof(Query), "Enter part of the pupil's name or their UPN, up to 100 characters");
            return;
        }

        var matches = SearchModel.Matching(reporting.ReportablePupils().Where(p => !pupil.Contains(p.Id)), terms);

        Matches = await PupilChoice.From(matches
                .OrderBy(p => p.LeftOn != null)
                .ThenBy(p => p.PreferredLastName ?? p.LegalLastName)
                .ThenBy(p => p.PreferredFirstName ?? p.LegalFirstName)
                .Take(MaxMatches))
            .ToListAsync(HttpContext.RequestAborted);
    }

    /// <summary>
    /// Adds a pupil found by the search (it arrives with the others as one more "pupil"), or takes a pupil, a
    /// mark or a file off.
    /// </summary>
    public async Task OnPostChooseAsync(List<Guid> pupil, Guid? remove, int? removeMark, Guid? removeFile)
    {
        ModelState.Clear();
        Query = null;
        if (removeMark is { } index && index >= 0 && index < Marks.Count)
        {
            Marks.RemoveAt(index);
        }

        AttachmentIds.RemoveAll(id => id == removeFile);
        await StageFilesAsync();
        await LoadAsync(pupil.Where(id => id != remove).ToList());
    }

    /// <summary>Adds the mark being typed to the body map, keeping the rest of the form as typed.</summary>
    public async Task OnPostMarkAsync(List<Guid> pupil)
    {
        ModelState.Clear();
        await StageFilesAsync();
        var (mark, error) = NewMark();
        if (error is not null)
        {
            ModelState.AddModelError(error.Value.Field, error.Value.Message);
        }
        else if (mark is null)
        {
            ModelState.AddModelError(nameof(MarkRegion), "Choose where on the body the mark is");
        }
        else
        {
            Marks.Add(mark);
            (MarkRegion, MarkNote, MarkX, MarkY) = (null, null, null, null);
        }

        await LoadAsync(pupil);
    }

    public async Task<IActionResult> OnPostAsync(List<Guid> pupil)
    {
        ModelState.Clear();
        var filesRefused = await StageFilesAsync();

        // A mark typed but not added is added now: the reporter meant it.
        var (pending, markError) = NewMark();
        if (pending is not null)
        {
            Marks.Add(pending);
            (MarkRegion, MarkNote, MarkX, MarkY) = (null, null, null, null);
        }

        var occurredOn = DateInput.ParseDate(OccurredOn);
        var occurredAt = DateInput.ParseTime(OccurredAt);
        var report = new ConcernReport
        {
            PupilIds = pupil,
            OccurredOn = occurredOn,
            OccurredAt = occurredAt,
            Location = Location,
            Account = Account,
            ChildsWords = ChildsWords,
            CategoryId = CategoryId,
            ActionTaken = ActionTaken,
            OthersInformed = OthersInformed,
            ImmediateDanger = ImmediateDanger switch { "yes" => true, "no" => false, _ => null },
            BodyMarks = [.. Marks.Select(m => new BodyMarkInput(m.Region, m.X, m.Y, m.Note))],
            AttachmentIds = AttachmentIds,
        };
        var outcome = await reporting.SubmitAsync(report, HttpContext.RequestAborted, send: !filesRefused && markError is null);
        if (outcome.PupilNotFound)
        {
            return NotFound();
        }

        if (outcome.Concern is { } concern)
        {
            if (FromSession is { } sessionId)
            {
                await sessions.LinkConcernAsync(sessionId, concern.Id, pupil, HttpContext.RequestAborted);
            }

            return Redirect($"/concerns/{concern.Id}/received");
        }

        // Errors in the order the fields appear, so the summary reads top to bottom.
        if (!string.IsNullOrWhiteSpace(OccurredOn) && occurredOn is null)
        {
            ModelState.AddModelError(nameof(OccurredOn), "Enter the date it happened as a real date, like 24/11/2026");
        }

        if (!string.IsNullOrWhiteSpace(OccurredAt) && occurredAt is null)
        {
            ModelState.AddModelError(nameof(OccurredAt), "Enter the time it happened like 14:30, or leave it blank if you do not know");
        }

        foreach (var field in FieldOrder)
        {
            if (outcome.Errors.TryGetValue(field, out var message) && ModelState.FirstError(FieldName(field)) is null)
            {
                ModelState.AddModelError(FieldName(field), message);
            }
        }

        if (markError is { } mark)
        {
            ModelState.AddModelError(mark.Field, mark.Message);
        }

        await LoadAsync(pupil);
        return Page();
    }

    private static readonly string[] FieldOrder =
    [
        nameof(ConcernReport.ImmediateDanger), nameof(ConcernReport.PupilIds), nameof(ConcernReport.OccurredOn), nameof(ConcernReport.OccurredAt),
        nameof(ConcernReport.Location), nameof(ConcernReport.CategoryId), nameof(ConcernReport.Account), nameof(ConcernReport.ChildsWords),
        nameof(ConcernReport.ActionTaken), nameof(ConcernReport.OthersInformed), nameof(ConcernReport.BodyMarks), nameof(ConcernReport.AttachmentIds),
    ];

    private static string FieldName(string field) => field switch
    {
        nameof(ConcernReport.PupilIds) => nameof(Query),
        nameof(ConcernReport.BodyMarks) => nameof(MarkRegion),
        nameof(ConcernReport.AttachmentIds) => nameof(Files),
        _ => field,
    };

    /// <summary>The mark being typed, when there is one; or what is wrong with it.</summary>
    private (MarkField? Mark, (string Field, string Message)? Error) NewMark()
    {
        if (string.IsNullOrWhiteSpace(MarkRegion) && string.IsNullOrWhiteSpace(MarkNote))
        {
            return (null, null);
        }

        if (BodyMap.Find(MarkRegion) is not { } region)
        {
            return (null, (nameof(MarkRegion), "Choose where on the body the mark is"));
        }

        var (note, error) = TextInput.Clean(MarkNote, BodyMap.MaxNote, multiline: true);
        if (error is not null || note is null)
        {
            return (null, (nameof(MarkNote), error is null ? "Describe the mark: its size, colour and shape, and what the child said about it" : "The description of the mark " + error));
        }

        if (Marks.Count >= BodyMap.MaxMarks)
        {
            return (null, (nameof(MarkRegion), $"A body map can hold at most {BodyMap.MaxMarks} marks; describe the rest in what you saw"));
        }

        var placed = MarkX is >= 0 and <= BodyMap.Width && MarkY is >= 0 and <= BodyMap.Height;
        return (new MarkField { Region = region.Key, X = placed ? MarkX : null, Y = placed ? MarkY : null, Note = note }, null);
    }

    /// <summary>Stages the files chosen in this post; true when any was refused (each is named in the error).</summary>
    private async Task<bool> StageFilesAsync()
    {
        var files = new List<UploadedFile>();
        foreach (var file in Files.Where(f => f.Length > 0 || f.FileName.Length > 0))
        {
            files.Add(await UploadedFile.ReadAsync(file, HttpContext.RequestAborted));
        }

        if (files.Count == 0)
        {
            return false;
        }

        var (staged, errors) = await attachments.StageAsync(files, AttachmentIds.Distinct().Count(), HttpContext.RequestAborted);
        AttachmentIds.AddRange(staged.Select(a => a.Id));
        if (errors.Count > 0)
        {
            ModelState.AddModelError(nameof(Files), string.Join(". ", errors));
        }

        return errors.Count > 0;
    }

    private async Task LoadAsync(List<Guid> pupilIds)
    {
        var ct = HttpContext.RequestAborted;
        Staged = await attachments.StagedAsync(AttachmentIds.Distinct().Take(AttachmentRules.MaxPerConcern + 1).ToList(), ct);
        AttachmentIds = [.. Staged.Select(a => a.Id)];
        var ids = pupilIds.Distinct().Take(ConcernLimits.Pupils + 1).ToList();
        Chosen = (await PupilChoice.From(reporting.ReportablePupils().Where(p => ids.Contains(p.Id))).ToListAsync(ct)).OrderBy(p => p.Name).ToList();
        if (Chosen.Count < ids.Count)
        {
            throw new NotFoundException();
        }

        var schoolId = Chosen.Count > 0
            ? Chosen[0].SchoolId
            : staff.GrantFor(RecordType.Concern, Operation.Create).WholeSchools.Select(id => (Guid?)id).FirstOrDefault(id => staff.Schools.Any(s => s.Id == id));
        if (schoolId is { } school)
        {
            Categories = await categories.InUseAsync(school, ct);
            DslNames = await db.RoleAssignments.AsNoTracking()
                .Where(a => a.Role == Role.Dsl && (a.SchoolId == school || (a.SchoolId == null && a.TrustId == staff.User!.TrustId)))
                .Join(db.Users.Where(u => !u.Disabled), a => a.UserId, u => u.Id, (a, u) => u.DisplayName)
                .Distinct().OrderBy(n => n).ToListAsync(ct);
        }
    }
}

/// <summary>A body map mark as the form carries it between posts.</summary>
public sealed class MarkField
{
    public string? Region { get; set; }
    public int? X { get; set; }
    public int? Y { get; set; }
    public string? Note { get; set; }
}
