using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Platform.Notifications;

/// <summary>
/// An email waiting to be sent, written in the same transaction as the change that caused it, so it is
/// never lost and never sent for a change that was rolled back. The background sender retries with
/// growing delays; the body is cleared once sent.
/// </summary>
public sealed class OutboxEmail : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>What the email is for: <see cref="EmailKinds"/>.</summary>
    public required string Kind { get; set; }
    public Guid? RecipientUserId { get; set; }
    public required string ToAddress { get; set; }
    public required string Subject { get; set; }
    public string? Body { get; set; }
    public DateTime CreatedUtc { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptUtc { get; set; }

    /// <summary>While a sender is working on the email no other sender takes it, until this time passes.</summary>
    public DateTime? ClaimedUntilUtc { get; set; }
    public DateTime? SentUtc { get; set; }

    /// <summary>Set when every retry has failed; an administrator sees these.</summary>
    public DateTime? GaveUpUtc { get; set; }

    /// <summary>The last failure: an exception type and SMTP status, never the message's content.</summary>
    public string? LastError { get; set; }
    public int Version { get; set; }
}

public static class EmailKinds
{
    public const string Notification = "notification";
    public const string PasswordReset = "password-reset";
    public const string AccountSecurity = "account-security";
}

public sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.Property(e => e.Kind).HasMaxLength(40);
        builder.Property(e => e.ToAddress).HasMaxLength(256);
        builder.Property(e => e.Subject).HasMaxLength(200);
        builder.Property(e => e.Body).HasMaxLength(4000);
        builder.Property(e => e.LastError).HasMaxLength(500);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => new { e.SentUtc, e.GaveUpUtc, e.NextAttemptUtc });
        builder.HasIndex(e => new { e.RecipientUserId, e.Kind, e.CreatedUtc });
    }
}
