using System.Globalization;
using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>
/// Child protection records due for their retention review (date of birth + 25 years) by a chosen date. A list
/// for a person to review: Attune deletes nothing, and marks the records that must be kept for good.
/// </summary>
[GuardedBy(RecordType.Concern, Operation.Read, List = true)]
public sealed class RetentionModel(SafeguardingRetention retention, TimeProvider clock) : PageModel
{
    public string? By { get; private set; }
    public DateOnly ByDate { get; private set; }
    public IReadOnlyList<RetentionLine> Lines { get; private set; } = [];

    public async Task OnGetAsync(string? by)
    {
        var today = DateOnly.FromDateTime(LocalTime.ToUk(clock.GetUtcNow().UtcDateTime));
        By = by;
        if (by is not null && DateInput.ParseDate(by) is not { } parsed)
        {
            ModelState.AddModelError("by", "Enter the date as a real date, like 31/08/2035");
            ByDate = today;
        }
        else
        {
            ByDate = DateInput.ParseDate(by) ?? today;
            By = ByDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        Lines = await retention.DueByAsync(ByDate, HttpContext.RequestAborted);
    }
}
