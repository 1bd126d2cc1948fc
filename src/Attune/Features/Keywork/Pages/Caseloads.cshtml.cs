using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Keywork.Pages;

/// <summary>Every keyworker's caseload among the pupils in reach, for pastoral leads to see who carries what and rebalance from each pupil's keyworker page.</summary>
[GuardedBy(RecordType.KeyworkerAllocation, Operation.Read, NoRecord = true)]
public sealed class CaseloadsModel(Caseloads caseloads, RiskAssessments risks, KeyworkSettings settings, Platform.Data.AppDbContext db, StaffContext staff) : PageModel
{
    public IReadOnlyList<KeyworkerCaseload> Keyworkers { get; private set; } = [];
    public bool MayRebalance { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> SettingsSchools => settings.Schools(amend: false);
    public bool SeesRegister => !staff.GrantFor(RecordType.SupervisionRegister, Operation.Read).IsEmpty;

    /// <summary>Risk assessments whose current version awaits the pastoral lead's sign-off.</summary>
    public IReadOnlyList<(Guid PupilId, string Pupil, Guid Id, string Title, int Number, string By)> AwaitingSignOff { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (staff.GrantFor(RecordType.KeyworkerAllocation, Operation.Read).IsEmpty)
        {
            return Forbid();
        }

        Keyworkers = await caseloads.AllAsync(HttpContext.RequestAborted);
        MayRebalance = !staff.GrantFor(RecordType.KeyworkerAllocation, Operation.Amend).IsEmpty;
        if (!staff.GrantFor(RecordType.RiskAssessmentSignOff, Operation.Amend).IsEmpty)
        {
            var waiting = await risks.Visible(RiskAssessments.SignOff).AsNoTracking()
                .Where(r => r.ClosedUtc == null && (r.SignedOffNumber == null || r.SignedOffNumber != r.Number))
                .OrderBy(r => r.UpdatedUtc).Take(100)
                .ToListAsync(HttpContext.RequestAborted);
            var ids = waiting.Select(r => r.PupilId).Distinct().ToList();
            var names = await Pupils.PupilChoice.From(db.Pupils.AsNoTracking().Where(p => ids.Contains(p.Id))).ToDictionaryAsync(p => p.Id, p => p.Name, HttpContext.RequestAborted);
            AwaitingSignOff = [.. waiting.Select(r => (r.PupilId, names[r.PupilId], r.Id, r.Content.Title, r.Number, r.UpdatedByName))];
        }

        return Page();
    }
}
