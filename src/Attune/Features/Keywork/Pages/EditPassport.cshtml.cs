using System.Globalization;
using Attune.Features.Pupils;
using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Keywork.Pages;

/// <summary>
/// Writing or updating a pupil's passport. Each save is a new version. When someone else saved since the form was
/// opened, nothing is saved: the form comes back with the editor's text kept and what is saved now shown beside
/// each field that differs, so they can combine the two and save again on purpose.
/// </summary>
[GuardedBy(RecordType.PupilPassport, Operation.Amend, PerPupil = true)]
public sealed class EditPassportModel(PupilPassports passports, StaffContext staff, Platform.Data.AppDbContext db, Platform.Auditing.AuditTrail audit, TimeProvider clock) : PageModel
{
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? ReviewDueOn { get; set; }
    [BindProperty] public string? ChangeNote { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;
    public Dictionary<string, string?> Values { get; private set; } = [];

    /// <summary>After a conflict: the passport as someone else saved it, to compare with what was typed.</summary>
    public PupilPassport? Saved { get; private set; }
    public bool IsNew { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(Guid id)
    {
        Pupil = await PupilChoice.FindAsync(staff, PupilPassports.Amend, id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        var passport = await passports.ForPupilAsync(id, HttpContext.RequestAborted);
        IsNew = passport is null;
        Version = passport?.Version;
        Values = PupilPassport.Fields.ToDictionary(f => f.Key, f => passport?[f.Key]);
        var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        ReviewDueOn = (passport is null || passport.ReviewDueOn < today ? today.AddMonths(6) : passport.ReviewDueOn).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        audit.RecordRead(nameof(RecordType.PupilPassport), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        ModelState.Clear();
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, PupilPassports.Amend, id, ct) ?? throw new NotFoundException();
        Values = PupilPassport.Fields.ToDictionary(f => f.Key, f => (string?)Request.Form[f.Key].ToString());
        var review = DateInput.ParseDate(ReviewDueOn);
        var outcome = await passports.SaveAsync(Pupil, Version, Values, review, ChangeNote, ct);
        if (outcome.Saved)
        {
            Message = outcome.Unchanged ? "Nothing had changed, so no new version was saved." : $"Passport saved as version {outcome.Current!.Number}.";
            return Redirect($"/pupils/{id}/passport");
        }

        IsNew = outcome.Current is null && Version is null;
        if (outcome.Conflict)
        {
            Saved = outcome.Current;
            Version = Saved?.Version;
            ModelState.AddModelError("conflict", Saved is null
                ? "The passport was removed while you were editing. Nothing was saved."
                : $"{Saved.UpdatedByName} saved version {Saved.Number} of this passport at {LocalTime.Format(Saved.UpdatedUtc)}, after you opened it. Nothing was saved. Your text is kept below, with theirs beside each part that differs: combine them, then save again.");
            return Page();
        }

        if (!string.IsNullOrWhiteSpace(ReviewDueOn) && review is null)
        {
            ModelState.AddModelError(nameof(ReviewDueOn), "Enter the review date as a real date, like 24/5/2027");
        }

        var order = PupilPassport.Fields.Select(f => f.Key).Append(nameof(ReviewDueOn)).Append(nameof(ChangeNote)).ToArray();
        foreach (var key in order.Where(k => outcome.Errors.ContainsKey(k) && ModelState.FirstError(k) is null))
        {
            ModelState.AddModelError(key, outcome.Errors[key]);
        }

        return Page();
    }
}
