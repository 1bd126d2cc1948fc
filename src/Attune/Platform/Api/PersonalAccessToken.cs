using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Platform.Api;

/// <summary>
/// A personal access token for integrations calling /api/v1. The secret is shown once and only its
/// SHA-256 hash is kept; tokens expire and can be revoked. A token acts with its owner's current roles.
/// </summary>
public sealed class PersonalAccessToken
{
    public const string SecretPrefix = "attune_";

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid UserId { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters of the secret, so its owner can tell tokens apart.</summary>
    public required string Hint { get; set; }
    public required string SecretHash { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }
    public DateTime? LastUsedUtc { get; set; }

    public bool IsActive(DateTime now) => RevokedUtc is null && ExpiresUtc > now;

    /// <summary>A new random secret (256 bits) and its hash.</summary>
    public static (string Secret, string Hash) NewSecret()
    {
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (secret, Hash(secret));
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

public sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Hint).HasMaxLength(20);
        builder.Property(t => t.SecretHash).HasMaxLength(64);
        builder.HasIndex(t => t.SecretHash).IsUnique();
        builder.HasIndex(t => t.UserId);
    }
}
