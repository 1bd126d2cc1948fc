using Microsoft.AspNetCore.Identity;

namespace Attune.Platform.Identity;

/// <summary>A member of staff's account. What they may see comes from their role assignments.</summary>
public sealed class StaffUser : IdentityUser<Guid>
{
    public StaffUser() => Id = Guid.NewGuid();

    public Guid TrustId { get; set; }
    public required string DisplayName { get; set; }

    /// <summary>For example "Pastoral Support Officer" or "Year 9 tutor"; shown beside the name.</summary>
    public string? JobTitle { get; set; }

    /// <summary>A disabled account cannot sign in and its open sessions end at their next request.</summary>
    public bool Disabled { get; set; }

    /// <summary>The last TOTP time step accepted, so a code can be used only once.</summary>
    public long LastTotpTimeStep { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime? LastSignInUtc { get; set; }
}
