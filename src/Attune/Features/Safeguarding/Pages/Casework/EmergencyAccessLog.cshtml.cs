using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>Every use of emergency access to pupils in the reader's reach, with who, when, for how long and why.</summary>
[GuardedBy(RecordType.EmergencyAccess, Operation.Read, List = true)]
public sealed class EmergencyAccessLogModel(Safeguarding.EmergencyAccess emergency, TimeProvider clock) : PageModel
{
    public IReadOnlyList<EmergencyAccessLine> Lines { get; private set; } = [];
    public DateTime Now { get; private set; }

    public async Task OnGetAsync()
    {
        Now = clock.GetUtcNow().UtcDateTime;
        Lines = await emergency.RecentAsync(HttpContext.RequestAborted);
    }
}
