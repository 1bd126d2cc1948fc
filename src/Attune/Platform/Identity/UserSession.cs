namespace Attune.Platform.Identity;

/// <summary>
/// A signed-in session, held on the server so that signing out, an idle timeout, disabling the account
/// or changing its roles ends it at once, whatever the browser still holds.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid UserId { get; set; }
    public DateTime StartedUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }
    public DateTime? EndedUtc { get; set; }

    /// <summary>Why it ended: "signed-out", "idle", "expired", "disabled", "roles-changed".</summary>
    public string? EndReason { get; set; }
    public bool MfaCompleted { get; set; }
    public string? IpAddress { get; set; }
}
