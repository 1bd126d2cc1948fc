namespace Attune.Features.Pupils.Import;

/// <summary>
/// The columns of the pupil import (docs/formats/pupils.md), the header names MIS exports commonly use
/// for each, and explicit mappings ("Forename=legal_first_name") for anything else.
/// </summary>
public static class PupilColumns
{
    public const string Upn = "upn";
    public const string LegalFirstName = "legal_first_name";
    public const string LegalMiddleNames = "legal_middle_names";
    public const string LegalLastName = "legal_last_name";
    public const string PreferredFirstName = "preferred_first_name";
    public const string PreferredLastName = "preferred_last_name";
    public const string DateOfBirth = "date_of_birth";
    public const string Gender = "gender";
    public const string YearGroup = "year_group";
    public const string Form = "form";
    public const string SenStatus = "sen_status";
    public const string PupilPremium = "pupil_premium";
    public const string LookedAfter = "looked_after";
    public const string PreviouslyLookedAfter = "previously_looked_after";
    public const string AdmissionDate = "admission_date";
    public const string LeavingDate = "leaving_date";
    public const string LeavingDestination = "leaving_destination";

    public static readonly string[] Required = [Upn, LegalFirstName, LegalLastName, DateOfBirth, YearGroup];

    /// <summary>Each column and the other header names it is recognised by (compared without case, spaces, dots, dashes or underscores).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Aliases = new Dictionary<string, string[]>
    {
        [Upn] = ["upn", "unique pupil number"],
        [LegalFirstName] = ["legal first name", "legal forename", "forename", "first name", "firstname", "given name"],
        [LegalMiddleNames] = ["legal middle names", "middle names", "middle name"],
        [LegalLastName] = ["legal last name", "legal surname", "surname", "last name", "lastname", "family name"],
        [PreferredFirstName] = ["preferred first name", "preferred forename", "known as", "chosen name"],
        [PreferredLastName] = ["preferred last name", "preferred surname"],
        [DateOfBirth] = ["date of birth", "dob", "birth date", "birthdate"],
        [Gender] = ["gender", "sex"],
        [YearGroup] = ["year group", "year", "nc year", "national curriculum year", "curriculum year", "year taught in"],
        [Form] = ["form", "reg group", "registration group", "tutor group", "class", "form group"],
        [SenStatus] = ["sen status", "sen", "sen provision", "send status"],
        [PupilPremium] = ["pupil premium", "pp", "pupil premium indicator", "pp eligible"],
        [LookedAfter] = ["looked after", "lac", "cla", "in care", "child looked after"],
        [PreviouslyLookedAfter] = ["previously looked after", "plac", "pla", "post lac"],
        [AdmissionDate] = ["admission date", "date of admission", "entry date", "start date"],
        [LeavingDate] = ["leaving date", "date of leaving", "left date", "end date"],
        [LeavingDestination] = ["leaving destination", "destination", "leaving reason destination"],
    };

    public static string Normalise(string header) =>
        new(header.Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c)).ToArray());

    /// <summary>
    /// Parses "Header=column" pairs, separated by commas or line breaks. Errors name the pair that is wrong.
    /// </summary>
    public static (Dictionary<string, string> Mapping, List<string> Errors) ParseMapping(string? text)
    {
        var mapping = new Dictionary<string, string>();
        var errors = new List<string>();
        foreach (var pair in (text ?? "").Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0)
            {
                errors.Add($"Mapping \u201c{pair}\u201d should be written as Header=column, for example Forename=legal_first_name");
            }
            else if (!Aliases.ContainsKey(parts[1]))
            {
                errors.Add($"Mapping \u201c{pair}\u201d names an unknown column \u201c{parts[1]}\u201d; the columns are {string.Join(", ", Aliases.Keys)}");
            }
            else
            {
                mapping[Normalise(parts[0])] = parts[1];
            }
        }

        return (mapping, errors);
    }

    /// <summary>Which column each header of the file fills, or null for a header that is ignored.</summary>
    public static string?[] Resolve(IReadOnlyList<string> headers, IReadOnlyDictionary<string, string> mapping)
    {
        var byAlias = Aliases.SelectMany(column => column.Value.Append(column.Key).Select(alias => (Alias: Normalise(alias), Column: column.Key)))
            .GroupBy(pair => pair.Alias)
            .ToDictionary(group => group.Key, group => group.First().Column);
        return headers.Select(header =>
        {
            var key = Normalise(header);
            return mapping.TryGetValue(key, out var mapped) ? mapped : byAlias.GetValueOrDefault(key);
        }).ToArray();
    }
}
