using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Pupils.Pages;

/// <summary>A pupil's overview: who they are, their flags, keyworker and (for pastoral staff) their contacts. Every view is audited.</summary>
[GuardedBy(RecordType.PupilProfile, Operation.Read)]
public sealed class OverviewModel(AppDbContext db, StaffContext staff, IAuthorizationService authorization, AuditTrail audit, Keywork.RiskAssessments risks, TimeProvider clock) : PageModel
{
    public Pupil Pupil { get; private set; } = null!;
    public string SchoolName { get; private set; } = "";
    public string YearGroupName { get; private set; } = "";
    public string? FormName { get; private set; }
    public bool HasPhoto { get; private set; }
    public int Age { get; private set; }
    public IReadOnlyList<string> Keyworkers { get; private set; } = [];
    public bool CanReadAudit { get; private set; }

    /// <summary>Which keywork records the member of staff may open for this pupil.</summary>
    public bool ReadsPassport { get; private set; }
    public bool ReadsNeedToKnow { get; private set; }
    public bool ReadsKeywork { get; private set; }
    public bool ReadsRegulationPlan { get; private set; }
    public bool ReadsRiskAssessments { get; private set; }
    public bool ReadsSupportPlans { get; private set; }

    /// <summary>Whether to offer emergency access: the member of staff may ask for it and cannot already read this pupil's concerns.</summary>
    public bool OffersEmergencyAccess { get; private set; }

    /// <summary>Whether the member of staff can read this pupil's safeguarding chronology (the DSL team, or emergency access now).</summary>
    public bool ReadsChronology { get; private set; }

    /// <summary>Null when the member of staff may not see this pupil's contacts.</summary>
    public IReadOnlyList<ContactView>? Contacts { get; private set; }

    public async Task OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await db.Pupils.AsNoTracking().VisibleTo(staff, PupilOperations.Read)
            .Include(p => p.School).Include(p => p.YearGroup).Include(p => p.Form)
            .FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException();
        SchoolName = Pupil.School!.Name;
        YearGroupName = Pupil.YearGroup?.Name ?? "No year group";
        FormName = Pupil.Form?.Name;
        HasPhoto = await db.PupilPhotos.AnyAsync(p => p.PupilId == id, ct);
        Age = AgeOn(Pupil.DateOfBirth, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var keyworkers = await db.KeyworkerAllocations.AsNoTracking()
            .Where(k => k.PupilId == id && k.StartsOn <= today && (k.EndsOn == null || k.EndsOn >= today))
            .Join(db.Users, k => k.StaffUserId, u => u.Id, (k, u) => new { k.Role, u.DisplayName })
            .ToListAsync(ct);
        Keyworkers = [.. keyworkers.OrderBy(k => k.Role).ThenBy(k => k.DisplayName, StringComparer.Ordinal)
            .Select(k => k.Role == KeyworkerRole.Primary ? k.DisplayName : $"{k.DisplayName} (secondary)")];
        // Which keywork records to offer, asked in one round trip: the overview is the most opened page there is.
        var passport = db.Pupils.VisibleTo(staff, Keywork.PupilPassports.Read);
        var needToKnow = db.Pupils.VisibleTo(staff, Keywork.PupilPassports.ReadNeedToKnow);
        var keywork = db.Pupils.VisibleTo(staff, Keywork.KeyworkSessions.Read);
        var regulation = db.Pupils.VisibleTo(staff, Keywork.RegulationPlans.Read);
        var support = db.Pupils.VisibleTo(staff, Keywork.SupportPlans.Read);
        var riskPupils = db.Pupils.VisibleTo(staff, Keywork.RiskAssessments.Read);
        var riskShared = risks.Visible(Keywork.RiskAssessments.Read);
        var offered = await db.Pupils.Where(x => x.Id == id).Select(x => new
        {
            Passport = passport.Any(v => v.Id == id),
            NeedToKnow = needToKnow.Any(v => v.Id == id),
            Keywork = keywork.Any(v => v.Id == id),
            Regulation = regulation.Any(v => v.Id == id),
            Support = support.Any(v => v.Id == id),
            Risk = riskPupils.Any(v => v.Id == id) || riskShared.Any(r => r.PupilId == id),
        }).FirstAsync(ct);
        (ReadsPassport, ReadsNeedToKnow, ReadsKeywork, ReadsRegulationPlan, ReadsSupportPlans, ReadsRiskAssessments) =
            (offered.Passport, offered.Passport || offered.NeedToKnow, offered.Keywork, offered.Regulation, offered.Support, offered.Risk);

        audit.RecordRead(nameof(Pupil), id, id, Pupil.SchoolId);
        if ((await authorization.AuthorizeAsync(User, Pupil, PupilOperations.ReadContacts)).Succeeded)
        {
            Contacts = await db.PupilContacts.AsNoTracking()
                .Where(c => c.PupilId == id)
                .OrderBy(c => c.Priority)
                .Select(c => new ContactView(
                    c.Contact!.DisplayName, c.Relationship, c.Priority, c.ParentalResponsibility, c.LivesWith,
                    c.NoContact, c.NoContactReason, c.Contact.MobilePhone, c.Contact.Email, c.Contact.Address))
                .ToListAsync(ct);
            audit.RecordRead("PupilContacts", id, id, Pupil.SchoolId);
        }

        CanReadAudit = (await authorization.AuthorizeAsync(User, Pupil, PupilOperations.ReadAudit)).Succeeded;
        var concernRead = staff.GrantFor(RecordType.Concern, Operation.Read);
        ReadsChronology = !concernRead.IsEmpty && await db.Pupils.Within(staff, concernRead).AnyAsync(x => x.Id == id, ct);
        OffersEmergencyAccess = !ReadsChronology && !staff.GrantFor(RecordType.EmergencyAccess, Operation.Create).IsEmpty
            && await db.Pupils.VisibleTo(staff, Features.Safeguarding.EmergencyAccess.Request).AnyAsync(x => x.Id == id, ct);
        await db.SaveChangesAsync(ct);
    }

    public static int AgeOn(DateOnly dateOfBirth, DateOnly today)
    {
        var age = today.Year - dateOfBirth.Year;
        return dateOfBirth.AddYears(age) > today ? age - 1 : age;
    }

    public sealed record ContactView(
        string Name, string Relationship, int Priority, bool ParentalResponsibility, bool LivesWith,
        bool NoContact, string? NoContactReason, string? MobilePhone, string? Email, string? Address);
}
