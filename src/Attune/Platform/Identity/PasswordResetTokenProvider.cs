using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Attune.Platform.Identity;

/// <summary>
/// Password reset tokens: protected with the app's data-protection keys, tied to the account's security
/// stamp (so a reset, or any other credential change, spends them) and valid for
/// <see cref="PasswordReset.LinkLifetime"/> by the injected clock. Identity's own
/// <see cref="DataProtectorTokenProvider{TUser}"/> reads the system clock, which tests cannot move.
/// </summary>
public sealed class PasswordResetTokenProvider(IDataProtectionProvider dataProtection, TimeProvider clock) : IUserTwoFactorTokenProvider<StaffUser>
{
    public const string Name = "AttunePasswordReset";
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Attune.Identity.PasswordResetToken.v1");

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<StaffUser> manager, StaffUser user) => Task.FromResult(false);

    public async Task<string> GenerateAsync(string purpose, UserManager<StaffUser> manager, StaffUser user)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(clock.GetUtcNow().UtcTicks);
            writer.Write(user.Id.ToString());
            writer.Write(purpose);
            writer.Write(await manager.GetSecurityStampAsync(user) ?? "");
        }

        return WebEncoders.Base64UrlEncode(_protector.Protect(buffer.ToArray()));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<StaffUser> manager, StaffUser user)
    {
        byte[] payload;
        try
        {
            payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return false;
        }

        using var reader = new BinaryReader(new MemoryStream(payload));
        var created = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var now = clock.GetUtcNow();
        return created <= now && now - created <= PasswordReset.LinkLifetime
            && reader.ReadString() == user.Id.ToString()
            && reader.ReadString() == purpose
            && reader.ReadString() == (await manager.GetSecurityStampAsync(user) ?? "");
    }
}
