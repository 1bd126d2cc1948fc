using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Pupils.Pages;

/// <summary>
/// Pupil search by name, preferred name or UPN, over only the pupils the member of staff may see.
/// The search is posted, not put in the address, so pupils' names stay out of URLs, history and logs.
/// </summary>
[GuardedBy(RecordType.PupilProfile, Operation.Read, List = true)]
public sealed class SearchModel(AppDbContext db, StaffContext staff) : PageModel
{
    public const int MaxResults = 50;

    [BindProperty]
    public string? Query { get; set; }

    public IReadOnlyList<Result>? Results { get; private set; }
    public bool ShowSchool => staff.Schools.Count > 1;

    public void OnGet()
    {
    }

    public async Task OnPostAsync()
    {
        var terms = Terms(Query);
        if (terms.Count == 0)
        {
            ModelState.AddModelError(nameof(Query), "Enter a name or UPN to search for");
            return;
        }

        if (terms.Any(t => t.Length > 100))
        {
            ModelState.AddModelError(nameof(Query), "Search for 100 characters or fewer");
            return;
        }

        Results = await Execute(db, staff, terms).ToListAsync(HttpContext.RequestAborted);
    }

    /// <summary>Every word must appear in the pupil's names or UPN. Leavers are shown after current pupils.</summary>
    public static IQueryable<Result> Execute(AppDbContext db, StaffContext staff, IReadOnlyList<string> terms)
    {
        return Matching(db.Pupils.AsNoTracking().VisibleTo(staff, PupilOperations.Read), terms)
            .OrderBy(p => p.LeftOn != null)
            .ThenBy(p => p.PreferredLastName ?? p.LegalLastName)
            .ThenBy(p => p.PreferredFirstName ?? p.LegalFirstName)
            .Take(MaxResults)
            .Select(p => new Result(
                p.Id,
                p.Upn,
                p.PreferredFirstName ?? p.LegalFirstName,
                p.PreferredLastName ?? p.LegalLastName,
                p.PreferredFirstName != null || p.PreferredLastName != null ? p.LegalFirstName + " " + p.LegalLastName : null,
                p.YearGroup != null ? p.YearGroup.Name : "",
                p.Form != null ? p.Form.Name : "",
                p.DateOfBirth,
                p.School!.Name));
    }

    /// <summary>The pupils whose names or UPN contain every term: the one search every pupil finder uses.</summary>
    public static IQueryable<Pupil> Matching(IQueryable<Pupil> pupils, IReadOnlyList<string> terms)
    {
        foreach (var term in terms)
        {
            var pattern = "%" + EscapeLike(term) + "%";
            pupils = pupils.Where(p => EF.Functions.Like(p.SearchText, pattern, "\\"));
        }

        return pupils;
    }

    public static IReadOnlyList<string> Terms(string? query) =>
        (query ?? "").ToLowerInvariant()
            .Split((char[])[' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => !t.Any(char.IsControl))
            .Take(5)
            .ToList();

    public static string EscapeLike(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    public sealed record Result(Guid Id, string Upn, string FirstName, string LastName, string? LegalName, string YearGroup, string Form, DateOnly DateOfBirth, string School);
}
