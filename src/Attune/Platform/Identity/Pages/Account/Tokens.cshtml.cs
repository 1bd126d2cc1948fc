using Attune.Platform.Api;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Platform.Identity.Pages.Account;

/// <summary>A member of staff's personal access tokens: create (shown once), list, revoke.</summary>
public sealed class TokensModel(AppDbContext db, StaffContext staff, TimeProvider clock) : PageModel
{
    public IReadOnlyList<PersonalAccessToken> Tokens { get; private set; } = [];
    public string? NewSecret { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public int? Days { get; set; }

    public Task OnGetAsync() => LoadAsync();

    public IActionResult OnPost() => BadRequest();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        Name = Name?.Trim();
        if (string.IsNullOrEmpty(Name) || Name.Length > 100 || Name.Any(char.IsControl))
        {
            ModelState.AddModelError(nameof(Name), "Enter what the token is for, up to 100 characters");
        }

        if (Days is not (>= 1 and <= 365))
        {
            ModelState.AddModelError(nameof(Days), "Days until it expires must be a whole number from 1 to 365");
        }

        if (ModelState.IsValid)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var (secret, hash) = PersonalAccessToken.NewSecret();
            db.Add(new PersonalAccessToken
            {
                UserId = staff.UserId,
                Name = Name!,
                Hint = secret[..12],
                SecretHash = hash,
                CreatedUtc = now,
                ExpiresUtc = now.AddDays(Days!.Value),
            });
            await db.SaveChangesAsync();
            NewSecret = secret;
            Name = null;
            Days = null;
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid tokenId)
    {
        var token = await db.Set<PersonalAccessToken>().FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == staff.UserId)
            ?? throw new NotFoundException();
        token.RevokedUtc ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
        return RedirectToPage();
    }

    private async Task LoadAsync() =>
        Tokens = await db.Set<PersonalAccessToken>().AsNoTracking()
            .Where(t => t.UserId == staff.UserId)
            .OrderByDescending(t => t.CreatedUtc)
            .ToListAsync();
}
