using Attune.Features.Pupils;
using Attune.Features.Pupils.Pages;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Safeguarding.Pages.ChildProtectionFile;

/// <summary>A pupil's links to siblings and household members: current links, pupils who share a parent or carer, and a search to link anyone else in reach.</summary>
[GuardedBy(RecordType.LinkedPupils, Operation.Read, PerPupil = true)]
public sealed class LinksModel(LinkedPupils links, AppDbContext db, StaffContext staff, AuditTrail audit) : PageModel
{
    [BindProperty] public string? Query { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Note { get; set; }

    public PupilChoice Pupil { get; private set; } = null!;
    public IReadOnlyList<LinkedPupil> Links { get; private set; } = [];
    public IReadOnlyList<SuggestedLink> Suggestions { get; private set; } = [];
    public IReadOnlyList<PupilChoice>? Matches { get; private set; }
    public bool MayAmend { get; private set; }

    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the links, audited against the pupil: they name siblings and list their concerns.</summary>
    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);
        audit.RecordRead(nameof(RecordType.LinkedPupils), id, id, Pupil.SchoolId);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    /// <summary>Finds pupils in reach to link, by name or UPN (by POST, so names never reach an address).</summary>
    [GuardedBy(RecordType.LinkedPupils, Operation.Amend, PerPupil = true)]
    public async Task OnPostFindAsync(Guid id)
    {
        ModelState.Clear();
        await LoadAsync(id);
        var terms = SearchModel.Terms(Query);
        if (terms.Count == 0 || terms.Any(t => t.Length > 100))
        {
            ModelState.AddModelError(nameof(Query), "Enter part of the pupil's name or their UPN, up to 100 characters");
            return;
        }

        var matches = SearchModel.Matching(db.Pupils.AsNoTracking().VisibleTo(staff, LinkedPupils.Amend).Where(p => p.Id != id), terms);

        Matches = await PupilChoice.From(matches.OrderBy(p => p.LeftOn != null).ThenBy(p => p.LegalLastName).Take(20)).ToListAsync(HttpContext.RequestAborted);
    }

    [GuardedBy(RecordType.LinkedPupils, Operation.Amend, PerPupil = true)]
    public async Task<IActionResult> OnPostLinkAsync(Guid id, Guid? otherPupilId)
    {
        ModelState.Clear();
        var errors = await links.LinkAsync(id, otherPupilId, ChoiceInput.Parse<LinkKind>(Kind), Note, HttpContext.RequestAborted);
        if (errors.Count == 0)
        {
            Message = "Pupils linked.";
            return Redirect($"/safeguarding/pupils/{id}/links");
        }

        ModelState.AddAll(errors, "OtherPupilId", nameof(Kind), nameof(Note));
        await LoadAsync(id);
        return Page();
    }

    [GuardedBy(RecordType.LinkedPupils, Operation.Amend, PerPupil = true)]
    public async Task<IActionResult> OnPostEndAsync(Guid id, Guid? linkId)
    {
        _ = await db.Pupils.VisibleTo(staff, LinkedPupils.Amend).AnyAsync(p => p.Id == id, HttpContext.RequestAborted) ? true : throw new NotFoundException();
        Message = linkId is { } link && await links.EndAsync(id, link, HttpContext.RequestAborted)
            ? "Link ended. It stays in the history."
            : "That link is not current; nothing was changed.";
        return Redirect($"/safeguarding/pupils/{id}/links");
    }

    private async Task LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        Pupil = await PupilChoice.FindAsync(staff, LinkedPupils.Read, id, ct) ?? throw new NotFoundException();
        Links = await links.ForPupilAsync(id, ct);
        MayAmend = await db.Pupils.VisibleTo(staff, LinkedPupils.Amend).AnyAsync(p => p.Id == id, ct);
        Suggestions = MayAmend ? await links.SuggestionsAsync(id, ct) : [];
    }
}
