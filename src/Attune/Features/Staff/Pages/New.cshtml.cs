using Attune.Features.Schools;
using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Attune.Features.Staff.Pages;

[GuardedBy(RecordType.StaffAccounts, Operation.Create)]
public sealed class NewModel(StaffAdministration administration) : PageModel
{
    public School School { get; private set; } = null!;

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? JobTitle { get; set; }

    [BindProperty]
    public Role? Role { get; set; }

    [BindProperty]
    public KeyStages[] Scope { get; set; } = [];

    public string? CreatedPassword { get; private set; }

    public async Task OnGetAsync(Guid id) => School = await administration.SchoolAsync(id, SchoolOperations.CreateStaff);

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        School = await administration.SchoolAsync(id, SchoolOperations.CreateStaff);
        Name = Name?.Trim();
        Email = Email?.Trim();
        JobTitle = string.IsNullOrWhiteSpace(JobTitle) ? null : JobTitle.Trim();
        if (string.IsNullOrEmpty(Name) || Name.Length > 200 || Name.Any(char.IsControl))
        {
            ModelState.AddModelError(nameof(Name), "Enter their full name, up to 200 characters");
        }

        if (string.IsNullOrEmpty(Email) || Email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(Email, out var address) || address.Address != Email)
        {
            ModelState.AddModelError(nameof(Email), "Enter an email address in the correct format, like name@school.org.uk");
        }

        if (JobTitle is { Length: > 200 })
        {
            ModelState.AddModelError(nameof(JobTitle), "Job title must be 200 characters or fewer");
        }

        if (Role is null || !StaffAdministration.SchoolRoles.Contains(Role.Value))
        {
            ModelState.AddModelError(nameof(Role), "Select their role in this school");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (user, password, error) = await administration.CreateAsync(School, Email!, Name!, JobTitle, Role!.Value, new RoleChoice(Role, Scope).Combined);
        if (error is not null)
        {
            ModelState.AddModelError(nameof(Email), error);
            return Page();
        }

        if (password is null)
        {
            return Redirect($"/admin/schools/{id}/staff/{user!.Id}");
        }

        CreatedPassword = password;
        return Page();
    }
}
