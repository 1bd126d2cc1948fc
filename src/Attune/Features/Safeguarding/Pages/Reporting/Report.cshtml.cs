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
public sealed class ReportModel(AppDbContext db, StaffContext staff, ConcernReporting reporting, ConcernCategories categories, TimeProvider clock) : PageModel
{
    private const int MaxMatches = 20;

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

    public IReadOnlyList<PupilChoice> Chosen { get; private set; } = [];
    public IReadOnlyList<PupilChoice>? Matches { get; private set; }
    public IReadOnlyList<ConcernCategory> Categories { get; private set; } = [];
    public IReadOnlyList<string> DslNames { get; private set; } = [];

    public async Task OnGetAsync(Guid? pupil)
    {
        OccurredOn = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await LoadAsync(pupil is { } id ? [id] : []);
    }

    /// <summary>Finds pupils to add, keeping the rest of the form as typed.</summary>
    [GuardedBy(RecordType.Concern, Operation.Create, List = true)]
    public async Task OnPostFindAsync(List<Guid> pupil)
    {
        ModelState.Clear();
        await LoadAsync(pupil);
        var terms = SearchModel.Terms(Query);
        if (terms.Count == 0 || terms.Any(t => t.Length > 100))
        {
            ModelState.AddModelError(nameof(Query), "Enter part of the pupil's name or their UPN, up to 100 characters");
            return;
        }

        var matches = reporting.ReportablePupils().Where(p => !pupil.Contains(p.Id));
        foreach (var term in terms)
        {
            var pattern = "%" + SearchModel.EscapeLike(term) + "%";
            matches = matches.Where(p => EF.Functions.Like(p.SearchText, pattern, "\\"));
        }

        Matches = await ConcernReporting.Choices(matches
                .OrderBy(p => p.LeftOn != null)
                .ThenBy(p => p.PreferredLastName ?? p.LegalLastName)
                .ThenBy(p => p.PreferredFirstName ?? p.LegalFirstName)
                .Take(MaxMatches))
            .ToListAsync(HttpContext.RequestAborted);
    }

    /// <summary>Adds a pupil found by the search (it arrives with the others as one more "pupil"), or takes one off.</summary>
    public async Task OnPostChooseAsync(List<Guid> pupil, Guid? remove)
    {
        ModelState.Clear();
        Query = null;
        await LoadAsync(pupil.Where(id => id != remove).ToList());
    }

    public async Task<IActionResult> OnPostAsync(List<Guid> pupil)
    {
        ModelState.Clear();
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
        };
        var outcome = await reporting.SubmitAsync(report, HttpContext.RequestAborted);
        if (outcome.PupilNotFound)
        {
            return NotFound();
        }

        if (outcome.Concern is { } concern)
        {
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

        await LoadAsync(pupil);
        return Page();
    }

    private static readonly string[] FieldOrder =
    [
        nameof(ConcernReport.ImmediateDanger), nameof(ConcernReport.PupilIds), nameof(ConcernReport.OccurredOn), nameof(ConcernReport.OccurredAt),
        nameof(ConcernReport.Location), nameof(ConcernReport.CategoryId), nameof(ConcernReport.Account), nameof(ConcernReport.ChildsWords),
        nameof(ConcernReport.ActionTaken), nameof(ConcernReport.OthersInformed),
    ];

    private static string FieldName(string field) => field == nameof(ConcernReport.PupilIds) ? nameof(Query) : field;

    private async Task LoadAsync(List<Guid> pupilIds)
    {
        var ct = HttpContext.RequestAborted;
        var ids = pupilIds.Distinct().Take(ConcernLimits.Pupils + 1).ToList();
        Chosen = (await ConcernReporting.Choices(reporting.ReportablePupils().Where(p => ids.Contains(p.Id))).ToListAsync(ct)).OrderBy(p => p.Name).ToList();
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
