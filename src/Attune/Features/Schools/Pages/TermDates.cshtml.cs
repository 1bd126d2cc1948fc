using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Schools.Pages;

/// <summary>A school's academic years and terms, newest first.</summary>
[GuardedBy(RecordType.SchoolSettings, Operation.Read)]
public sealed class TermDatesModel(AppDbContext db, IAuthorizationService authorization) : PageModel
{
    public School School { get; private set; } = null!;
    public IReadOnlyList<AcademicYear> Years { get; private set; } = [];
    public bool CanAmend { get; private set; }
    public string? Saved { get; private set; }

    public async Task OnGetAsync(Guid id)
    {
        School = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id) ?? throw new NotFoundException();
        await authorization.AuthorizeOrNotFoundAsync(User, School, SchoolOperations.ReadSettings);
        CanAmend = (await authorization.AuthorizeAsync(User, School, SchoolOperations.AmendSettings)).Succeeded;
        Years = await db.AcademicYears.AsNoTracking()
            .Where(y => y.SchoolId == id)
            .Include(y => y.Terms.OrderBy(t => t.StartsOn))
            .OrderByDescending(y => y.StartsOn)
            .ToListAsync();
        Saved = TempData["term-dates-saved"] as string;
    }
}
