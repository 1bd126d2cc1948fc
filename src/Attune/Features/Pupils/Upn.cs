namespace Attune.Features.Pupils;

/// <summary>
/// Unique Pupil Numbers (DfE "Unique pupil numbers (UPNs): guidance"): a check letter then 12 digits,
/// made of the LA number, the establishment number, the year of issue and a serial. A temporary UPN ends
/// in a letter instead of the last digit.
/// </summary>
public static class Upn
{
    private const string CheckLetters = "ABCDEFGHJKLMNPQRTUVWXYZ";

    public static string Create(int laNumber, int establishmentNumber, int yearOfIssue, int serial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(laNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(laNumber, 999);
        ArgumentOutOfRangeException.ThrowIfNegative(establishmentNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(establishmentNumber, 9999);
        ArgumentOutOfRangeException.ThrowIfNegative(yearOfIssue);
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 999);
        var digits = $"{laNumber:D3}{establishmentNumber:D4}{yearOfIssue % 100:D2}{serial:D3}";
        return CheckLetterFor(digits) + digits;
    }

    public static bool IsValid(string? upn)
    {
        if (upn is not { Length: 13 } || !char.IsAsciiLetterUpper(upn[0]))
        {
            return false;
        }

        var body = upn[1..];
        var permanent = body.All(char.IsAsciiDigit);
        // A temporary UPN ends in a letter of the check alphabet, which leaves out I, O and S.
        var temporary = body[..11].All(char.IsAsciiDigit) && CheckLetters.Contains(body[11], StringComparison.Ordinal);
        return (permanent || temporary) && CheckLetterFor(body) == upn[0];
    }

    private static char CheckLetterFor(string twelve)
    {
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            var c = twelve[i];
            var value = char.IsAsciiDigit(c) ? c - '0' : CheckLetters.IndexOf(c, StringComparison.Ordinal);
            sum += value * (i + 2);
        }

        return CheckLetters[sum % 23];
    }
}
