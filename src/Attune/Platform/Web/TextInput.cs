namespace Attune.Platform.Web;

/// <summary>
/// The one set of rules for free text typed into Attune: trimmed, line endings made \n, and refused (with a
/// message the form shows) when too long or when it holds control or text-direction override characters, which
/// no one types on purpose and which can hide or disguise what a record says.
/// </summary>
public static class TextInput
{
    /// <summary>The cleaned text, null when blank; or an error completing the sentence "{Field} ...".</summary>
    public static (string? Value, string? Error) Clean(string? text, int maxLength, bool multiline = false)
    {
        var value = text?.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        if (string.IsNullOrEmpty(value))
        {
            return (null, null);
        }

        if (value.Length > maxLength)
        {
            return (null, $"must be {maxLength:N0} characters or fewer (it is {value.Length:N0})");
        }

        if (value.Any(c => (char.IsControl(c) && !(multiline && c is '\n' or '\t')) || IsDirectionOverride(c)))
        {
            return (null, multiline
                ? "contains hidden control or text-direction characters; retype the text or paste it as plain text"
                : "contains hidden control or text-direction characters, or a line break; retype it");
        }

        return (value, null);
    }

    /// <summary>
    /// Records the problem with a required text, if any, under its field: the cleaning error as "{label} {error}",
    /// or <paramref name="missing"/> when it was left blank.
    /// </summary>
    public static void Require(string? value, string? error, string key, string missing, string label, IDictionary<string, string> errors)
    {
        if (error is not null)
        {
            errors[key] = $"{label} {error}";
        }
        else if (value is null)
        {
            errors[key] = missing;
        }
    }

    /// <summary>Optional free text: the cleaned text (null when blank), or the problem recorded under <paramref name="key"/> as "{label} {error}".</summary>
    public static string? Optional(string? text, int maxLength, string key, string label, IDictionary<string, string> errors, bool multiline = true)
    {
        var (value, error) = Clean(text, maxLength, multiline);
        if (error is not null)
        {
            errors[key] = $"{label} {error}";
        }

        return value;
    }

    private static bool IsDirectionOverride(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
