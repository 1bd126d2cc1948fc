using System.Globalization;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Schools.Pages;

/// <summary>
/// Adds an academic year or changes one's dates and terms. Every mistake is named against its field and
/// nothing is saved until all is right; a stale edit is refused rather than overwriting someone else's.
/// </summary>
[GuardedBy(RecordType.SchoolSettings, Operation.Read)]
public sealed class EditTermDatesModel(AppDbContext db, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    public const int TermRows = 6;
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d/M/yyyy", "d-M-yyyy", "d M yyyy"];

    public School School { get; private set; } = null!;
    public bool IsNew { get; private set; }
    public bool Conflicted { get; private set; }

    [BindProperty]
    public TermDatesForm Input { get; set; } = new();

    public async Task OnGetAsync(Guid id, string year)
    {
        var existing = await LoadAsync(id, year);
        Input = existing is null ? TermDatesForm.Suggest(await LatestAsync(id), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) : TermDatesForm.From(existing);
        Input.PadTerms();
    }

    [GuardedBy(RecordType.SchoolSettings, Operation.Amend)]
    public async Task<IActionResult> OnPostAsync(Guid id, string year)
    {
        var existing = await LoadAsync(id, year);
        var parsed = Validate();
        if (parsed is null)
        {
            Input.PadTerms();
            return Page();
        }

        var (startsOn, endsOn, terms) = parsed.Value;
        var overlapping = await db.AcademicYears.AsNoTracking()
            .Where(y => y.SchoolId == id && y.Id != (existing == null ? Guid.Empty : existing.Id) && y.StartsOn <= endsOn && y.EndsOn >= startsOn)
            .Select(y => y.Name)
            .FirstOrDefaultAsync();
        if (overlapping is not null)
        {
            ModelState.AddModelError("Input.StartsOn", $"These dates overlap the {overlapping} academic year");
            Input.PadTerms();
            return Page();
        }

        if (existing is not null && existing.Version != Input.Version)
        {
            return Conflict(existing);
        }

        var academicYear = existing ?? new AcademicYear { SchoolId = id, Name = "" };
        academicYear.StartsOn = startsOn;
        academicYear.EndsOn = endsOn;
        academicYear.Name = AcademicYear.NameFor(startsOn, endsOn);
        if (existing is null)
        {
            db.AcademicYears.Add(academicYear);
        }
        else
        {
            // Terms are replaced whole; the audit trail keeps every row removed and added.
            db.RemoveRange(existing.Terms);
            existing.Terms.Clear();
            db.Entry(existing).State = EntityState.Modified;
        }

        foreach (var term in terms)
        {
            // Added explicitly: EF would take a term found only through the navigation, with its Id already set, for an existing row.
            var added = new Term { AcademicYearId = academicYear.Id, Name = term.Name, StartsOn = term.StartsOn, EndsOn = term.EndsOn };
            db.Add(added);
            academicYear.Terms.Add(added);
        }

        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Conflict((await LoadAsync(id, year))!);
        }

        TempData["term-dates-saved"] = academicYear.Name;
        return RedirectToPage("TermDates", new { id });
    }

    private IActionResult Conflict(AcademicYear current)
    {
        Conflicted = true;
        ModelState.Clear();
        Input = TermDatesForm.From(current);
        Input.PadTerms();
        return Page();
    }

    private async Task<AcademicYear?> LoadAsync(Guid id, string year)
    {
        School = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id) ?? throw new NotFoundException();
        await authorization.AuthorizeOrNotFoundAsync(User, School, SchoolOperations.AmendSettings);
        if (year == "new")
        {
            IsNew = true;
            return null;
        }

        return Guid.TryParse(year, out var yearId)
            ? await db.AcademicYears.Include(y => y.Terms).FirstOrDefaultAsync(y => y.Id == yearId && y.SchoolId == id) ?? throw new NotFoundException()
            : throw new NotFoundException();
    }

    private Task<AcademicYear?> LatestAsync(Guid id) =>
        db.AcademicYears.AsNoTracking().Where(y => y.SchoolId == id).OrderByDescending(y => y.StartsOn).FirstOrDefaultAsync();

    private (DateOnly StartsOn, DateOnly EndsOn, List<(string Name, DateOnly StartsOn, DateOnly EndsOn)> Terms)? Validate()
    {
        var startsOn = ParseDate("Input.StartsOn", Input.StartsOn, "the date the academic year starts");
        var endsOn = ParseDate("Input.EndsOn", Input.EndsOn, "the date the academic year ends");
        if (startsOn is { } s && endsOn is { } e)
        {
            if (e <= s)
            {
                ModelState.AddModelError("Input.EndsOn", "The academic year must end after it starts");
            }
            else if (e > s.AddMonths(13))
            {
                ModelState.AddModelError("Input.EndsOn", "An academic year can be at most 13 months long");
            }
        }

        var terms = new List<(string Name, DateOnly StartsOn, DateOnly EndsOn, int Row)>();
        for (var i = 0; i < Input.Terms.Count && i < TermRows; i++)
        {
            var row = Input.Terms[i];
            row.Name = row.Name?.Trim();
            if (string.IsNullOrEmpty(row.Name) && string.IsNullOrWhiteSpace(row.StartsOn) && string.IsNullOrWhiteSpace(row.EndsOn))
            {
                continue;
            }

            var prefix = $"Input.Terms[{i}].";
            var label = string.IsNullOrEmpty(row.Name) ? $"term {i + 1}" : $"the {row.Name} term";
            if (string.IsNullOrEmpty(row.Name))
            {
                ModelState.AddModelError(prefix + "Name", $"Enter a name for term {i + 1}, like Autumn 1");
            }
            else if (row.Name.Length > 60)
            {
                ModelState.AddModelError(prefix + "Name", $"The name of term {i + 1} must be 60 characters or fewer");
            }

            var termStart = ParseDate(prefix + "StartsOn", row.StartsOn, $"the date {label} starts");
            var termEnd = ParseDate(prefix + "EndsOn", row.EndsOn, $"the date {label} ends");
            if (termStart is not { } ts || termEnd is not { } te)
            {
                continue;
            }

            if (te < ts)
            {
                ModelState.AddModelError(prefix + "EndsOn", $"The end of {label} must be on or after its start");
            }
            else if (startsOn is { } ys && endsOn is { } ye && (ts < ys || te > ye))
            {
                ModelState.AddModelError(prefix + "StartsOn", $"{Capitalise(label)} must be inside the academic year");
            }
            else
            {
                terms.Add((row.Name ?? "", ts, te, i));
            }
        }

        if (terms.Count == 0 && ModelState.IsValid)
        {
            ModelState.AddModelError("Input.Terms[0].Name", "Enter at least one term");
        }

        var ordered = terms.OrderBy(t => t.StartsOn).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].StartsOn <= ordered[i - 1].EndsOn)
            {
                ModelState.AddModelError($"Input.Terms[{ordered[i].Row}].StartsOn", $"The {ordered[i].Name} term overlaps the {ordered[i - 1].Name} term");
            }
        }

        if (ordered.Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != ordered.Count)
        {
            ModelState.AddModelError("Input.Terms[0].Name", "Give each term a different name");
        }

        return ModelState.IsValid && startsOn is { } start && endsOn is { } end
            ? (start, end, ordered.Select(t => (t.Name, t.StartsOn, t.EndsOn)).ToList())
            : null;
    }

    private DateOnly? ParseDate(string key, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            ModelState.AddModelError(key, $"Enter {what}");
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.Year is >= 2000 and <= 2100)
        {
            return date;
        }

        ModelState.AddModelError(key, $"Enter {what} as a real date, like 1/9/2026");
        return null;
    }

    private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    public sealed class TermDatesForm
    {
        public int Version { get; set; }
        public string? StartsOn { get; set; }
        public string? EndsOn { get; set; }
        public List<TermRow> Terms { get; set; } = [];

        public static TermDatesForm From(AcademicYear year) => new()
        {
            Version = year.Version,
            StartsOn = Iso(year.StartsOn),
            EndsOn = Iso(year.EndsOn),
            Terms = year.Terms.OrderBy(t => t.StartsOn).Select(t => new TermRow { Name = t.Name, StartsOn = Iso(t.StartsOn), EndsOn = Iso(t.EndsOn) }).ToList(),
        };

        /// <summary>A new year starts the September after the latest one, with the usual three terms to fill in.</summary>
        public static TermDatesForm Suggest(AcademicYear? latest, DateOnly today)
        {
            var startYear = latest?.EndsOn.Year ?? (today.Month >= 8 ? today.Year : today.Year - 1);
            return new TermDatesForm
            {
                StartsOn = Iso(new DateOnly(startYear, 9, 1)),
                EndsOn = Iso(new DateOnly(startYear + 1, 8, 31)),
                Terms = [new() { Name = "Autumn" }, new() { Name = "Spring" }, new() { Name = "Summer" }],
            };
        }

        public void PadTerms()
        {
            while (Terms.Count < TermRows)
            {
                Terms.Add(new TermRow());
            }
        }

        private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public sealed class TermRow
    {
        public string? Name { get; set; }
        public string? StartsOn { get; set; }
        public string? EndsOn { get; set; }
    }
}
