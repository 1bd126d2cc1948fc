using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Incidents.Pages;

/// <summary>What staff who may record incidents but not read them (report-only staff) see after recording one.</summary>
[GuardedBy(RecordType.Incident, Operation.Create, NoRecord = true)]
public sealed class RecordedModel : PageModel
{
    public void OnGet()
    {
    }
}
