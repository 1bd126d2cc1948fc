using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Safeguarding.Pages.Casework;

/// <summary>Corrects one part of a concern's text, keeping what it said before; or, for a DSL, marks it entered in error.</summary>
[GuardedBy(RecordType.Concern, Operation.Amend)]
public sealed class CorrectModel(ConcernCasework casework, ConcernCorrections corrections) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Field { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public int Version { get; set; }

    public Concern Concern { get; private set; } = null!;
    public string? FieldLabel { get; private set; }
    public bool Conflict { get; private set; }

    public async Task OnGetAsync(Guid id)
    {
        await LoadAsync(id);
        Version = Concern.Version;
        if (FieldLabel is not null)
        {
            Text = ConcernCorrections.Current(Concern, Field!);
        }
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        await LoadAsync(id);
        ModelState.Clear();
        var outcome = await corrections.AmendAsync(Concern, Field, Text, Reason, Version, HttpContext.RequestAborted);
        if (outcome.Saved is not null)
        {
            return Redirect($"/safeguarding/concerns/{id}#corrections");
        }

        if (outcome.Conflict)
        {
            await LoadAsync(id);
            Conflict = true;
            Version = Concern.Version;
            return Page();
        }

        ModelState.AddAll(outcome.Errors, "Field", "Text", "Reason");
        return Page();
    }

    private async Task LoadAsync(Guid id)
    {
        Concern = await casework.ForAmendAsync(id, HttpContext.RequestAborted) ?? throw new NotFoundException();
        FieldLabel = ConcernCorrections.Fields.FirstOrDefault(f => f.Field == Field).Label;
    }
}
