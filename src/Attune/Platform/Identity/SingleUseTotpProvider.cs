using Microsoft.AspNetCore.Identity;

namespace Attune.Platform.Identity;

/// <summary>
/// The authenticator-app token provider, replacing Identity's own so that a code, once accepted, cannot be
/// replayed within its 30-second window: the accepted time step is stored on the account.
/// </summary>
public sealed class SingleUseTotpProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<StaffUser>
{
    public const string Name = "AttuneAuthenticator";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<StaffUser> manager, StaffUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    public Task<string> GenerateAsync(string purpose, UserManager<StaffUser> manager, StaffUser user) =>
        Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<StaffUser> manager, StaffUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        var step = Totp.Match(Base32.Decode(key), token, clock.GetUtcNow(), user.LastTotpTimeStep);
        if (step is null)
        {
            return false;
        }

        user.LastTotpTimeStep = step.Value;
        var saved = await manager.UpdateAsync(user);
        return saved.Succeeded;
    }
}
