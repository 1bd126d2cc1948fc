namespace Attune.Platform.Web;

public enum FieldKind
{
    Text,
    TextArea,
    Date,
    Time,
    Select,
    Radios,

    /// <summary>A whole number, typed in a text input with the phone's number keypad.</summary>
    Number,
}

/// <summary>
/// One GOV.UK form field for the shared <c>_Field</c> partial: label, hint, the error from model state (linked by
/// aria-describedby, with the field's id matching the error summary's link), and the value as typed.
/// </summary>
public sealed record FormField(string Name, string Label, string? Value, FieldKind Kind = FieldKind.Text)
{
    public string? Hint { get; init; }
    public int Rows { get; init; } = 5;

    /// <summary>Extra GOV.UK width class for a text input, e.g. govuk-input--width-20.</summary>
    public string? Width { get; init; }

    public IReadOnlyList<(string Value, string Text)> Options { get; init; } = [];

    /// <summary>The first option of a select when nothing is chosen yet.</summary>
    public string? Prompt { get; init; }

    public int? MaxLength { get; init; }
}

/// <summary>Reads a choice posted from radios or a select: the enum member named exactly, or null.</summary>
public static class ChoiceInput
{
    public static T? Parse<T>(string? text) where T : struct, Enum =>
        text is not null && Enum.GetNames<T>().Contains(text, StringComparer.Ordinal) ? Enum.Parse<T>(text) : null;

    public static IReadOnlyList<(string Value, string Text)> Options<T>(Func<T, string> name) where T : struct, Enum =>
        [.. Enum.GetValues<T>().Select(v => (v.ToString(), name(v)))];
}
