namespace Attune.Platform.Api;

/// <summary>
/// What every /api/v1 endpoint answers bad input with, and how enum values and error keys are spelled there:
/// camel case, as the JSON bodies are.
/// </summary>
public static class ApiResults
{
    /// <summary>A member or field name as the API spells it: <c>PupilDebrief</c> is <c>pupilDebrief</c>.</summary>
    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>An enum value from its name in any case (<c>involved</c>, <c>Involved</c>); null when it names none.</summary>
    public static T? ParseEnum<T>(string? text) where T : struct, Enum =>
        text is { Length: > 0 } && Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse<T>(name) : null;

    /// <summary>422 with each error under the field it is about.</summary>
    public static IResult Invalid(IReadOnlyDictionary<string, string> errors) =>
        Results.ValidationProblem(errors.ToDictionary(e => Camel(e.Key), e => new[] { e.Value }), statusCode: StatusCodes.Status422UnprocessableEntity);
}
