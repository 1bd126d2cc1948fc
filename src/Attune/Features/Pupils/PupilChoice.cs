using Attune.Platform.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Pupils;

/// <summary>A pupil as a form or list names them: enough to pick the right child, nothing more.</summary>
public sealed record PupilChoice(Guid Id, Guid SchoolId, string Name, string YearGroup, string Form, int? Year, bool Left)
{
    public static IQueryable<PupilChoice> From(IQueryable<Pupil> pupils) =>
        pupils.Select(p => new PupilChoice(
            p.Id,
            p.SchoolId,
            (p.PreferredFirstName ?? p.LegalFirstName) + " " + (p.PreferredLastName ?? p.LegalLastName),
            p.YearGroup != null ? p.YearGroup.Name : "",
            p.Form != null ? p.Form.Name : "",
            p.YearGroup != null ? (int?)p.YearGroup.NationalCurriculumYear : null,
            p.LeftOn != null));

    /// <summary>One pupil, when the member of staff may reach them for <paramref name="requirement"/>; otherwise null (answer 404).</summary>
    public static Task<PupilChoice?> FindAsync(StaffContext staff, AccessRequirement requirement, Guid pupilId, CancellationToken cancellationToken) =>
        From(staff.Db.Pupils.AsNoTracking().VisibleTo(staff, requirement).Where(p => p.Id == pupilId)).FirstOrDefaultAsync(cancellationToken);
}
