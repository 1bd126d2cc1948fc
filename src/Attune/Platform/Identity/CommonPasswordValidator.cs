using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace Attune.Platform.Identity;

/// <summary>
/// Refuses passwords found in the shipped list of common and breached passwords (common-passwords.txt),
/// with or without trailing digits and symbols, and passwords that contain the account's own email name.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<StaffUser>
{
    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        if (IsCommon(password))
        {
            return Task.FromResult(Fail("PasswordTooCommon", "Choose a password that is not on the list of common or breached passwords."));
        }

        var emailName = user.Email?.Split('@')[0];
        if (emailName is { Length: >= 4 } && password.Contains(emailName, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(Fail("PasswordContainsEmail", "Choose a password that does not contain your email address."));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    public static bool IsCommon(string password)
    {
        var lowered = password.ToLowerInvariant();
        var stem = lowered.TrimEnd("0123456789!?.*#$@_- ".ToCharArray());
        return Common.Value.Contains(lowered) || (stem.Length >= 4 && Common.Value.Contains(stem)) || lowered.Distinct().Count() <= 2;
    }

    private static IdentityResult Fail(string code, string description) => IdentityResult.Failed(new IdentityError { Code = code, Description = description });

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Attune.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith("# ", StringComparison.Ordinal))
            {
                passwords.Add(line.ToLowerInvariant());
            }
        }

        return passwords.ToFrozenSet(StringComparer.Ordinal);
    }
}
