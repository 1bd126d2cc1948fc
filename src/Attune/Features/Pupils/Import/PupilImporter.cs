using System.Globalization;
using System.Text;
using Attune.Features.Schools;
using Attune.Platform.Auditing;
using Attune.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Pupils.Import;

/// <summary>A row that could not be imported: its line in the file, its UPN when it has one, and why.</summary>
public sealed record ImportProblem(int Line, string? Upn, string Message)
{
    public override string ToString() => Line == 0 ? Message : $"Row {Line}{(string.IsNullOrEmpty(Upn) ? "" : $" ({Upn})")}: {Message}";
}

/// <summary>What happened to one row's pupil: created, updated or unchanged, with its id and version after the import.</summary>
public sealed record ImportedPupil(int Line, string Upn, Guid Id, string Outcome, int Version);

public sealed record ImportResult(
    bool DryRun,
    int Created,
    int Updated,
    int Unchanged,
    IReadOnlyList<string> YearGroupsCreated,
    IReadOnlyList<string> FormsCreated,
    IReadOnlyList<string> IgnoredHeaders,
    IReadOnlyList<ImportProblem> Problems)
{
    /// <summary>Each imported row's pupil, in file order; filled once the import is saved.</summary>
    public IReadOnlyList<ImportedPupil> Pupils { get; init; } = [];

    /// <summary>Nothing was imported because another change to the same pupils was saved first.</summary>
    public bool Conflict { get; init; }

    public bool Succeeded => Problems.Count == 0;
    public bool Saved => Succeeded && !DryRun;
}

/// <summary>
/// Imports pupils from a school's MIS export (docs/formats/pupils.md), matched by UPN within the school.
/// All or nothing: if any row is wrong, nothing changes and every bad row is named with its reason.
/// Pupils missing from the file are left as they are; leavers are marked with a leaving date.
/// </summary>
public sealed class PupilImporter(AppDbContext db, AuditTrail audit, TimeProvider clock)
{
    public const int MaxBytes = 10 * 1024 * 1024;
    private const int MaxNameLength = 100;

    public const string ConflictMessage =
        "Another import or change to this school's pupils was saved while this file was being imported, so nothing was imported. Import the file again.";

    public async Task<ImportResult> ImportAsync(School school, byte[] file, string? mapping, bool dryRun, CancellationToken cancellationToken = default)
    {
        var problems = new List<ImportProblem>();
        if (file.Length > MaxBytes)
        {
            return Failed(dryRun, new ImportProblem(0, null, $"The file is larger than {MaxBytes / 1024 / 1024} MB."));
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file);
        }
        catch (DecoderFallbackException)
        {
            return Failed(dryRun, new ImportProblem(0, null, "The file is not UTF-8 text. Save it from the spreadsheet as \u201cCSV UTF-8\u201d and try again."));
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return Failed(dryRun, new ImportProblem(0, null, "The file is not a CSV text file."));
        }

        IReadOnlyList<CsvRecord> records;
        try
        {
            records = Csv.Parse(text);
        }
        catch (FormatException error)
        {
            return Failed(dryRun, new ImportProblem(0, null, error.Message));
        }

        if (records.Count < 2)
        {
            return Failed(dryRun, new ImportProblem(0, null, "The file has no pupils: it needs a header row and at least one pupil row."));
        }

        var (map, mappingErrors) = PupilColumns.ParseMapping(mapping);
        if (mappingErrors.Count > 0)
        {
            return Failed(dryRun, [.. mappingErrors.Select(e => new ImportProblem(0, null, e))]);
        }

        var headers = records[0].Fields;
        var columns = PupilColumns.Resolve(headers, map);
        var ignored = headers.Where((_, i) => columns[i] is null).Where(h => h.Length > 0).ToList();
        foreach (var duplicate in columns.Where(c => c is not null).GroupBy(c => c).Where(g => g.Count() > 1))
        {
            problems.Add(new ImportProblem(1, null, $"More than one header fills the column {duplicate.Key}: {string.Join(", ", headers.Where((_, i) => columns[i] == duplicate.Key))}"));
        }

        foreach (var missing in PupilColumns.Required.Where(required => !columns.Contains(required)))
        {
            problems.Add(new ImportProblem(1, null, $"No header for the required column {missing}. The headers found were: {string.Join(", ", headers)}. Add a mapping such as \u201cYour header={missing}\u201d."));
        }

        if (problems.Count > 0)
        {
            return Failed(dryRun, [.. problems], ignored);
        }

        var rows = records.Skip(1).Select(record => new Row(record, columns)).ToList();
        var yearGroups = await db.YearGroups.Include(y => y.Forms).Where(y => y.SchoolId == school.Id).ToListAsync(cancellationToken);
        var existing = await ExistingPupilsAsync(school.Id, rows, cancellationToken);
        var yearGroupsCreated = new List<string>();
        var formsCreated = new List<string>();
        int created = 0, updated = 0, unchanged = 0;
        var outcomes = new List<(int Line, Pupil Pupil, string Outcome)>();

        foreach (var duplicate in rows.GroupBy(r => r.Get(PupilColumns.Upn).ToUpperInvariant()).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            problems.Add(new ImportProblem(duplicate.First().Line, duplicate.Key, $"This UPN appears on more than one row: rows {string.Join(", ", duplicate.Select(r => r.Line))}"));
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var row in rows)
        {
            var parsed = Parse(row, today, problems);
            if (parsed is null)
            {
                continue;
            }

            var yearGroup = yearGroups.FirstOrDefault(y => y.NationalCurriculumYear == parsed.Year);
            if (yearGroup is null)
            {
                yearGroup = new YearGroup { SchoolId = school.Id, Name = YearName(parsed.Year), NationalCurriculumYear = parsed.Year };
                yearGroups.Add(yearGroup);
                db.YearGroups.Add(yearGroup);
                yearGroupsCreated.Add(yearGroup.Name);
            }

            Form? form = null;
            if (parsed.Form is not null)
            {
                form = yearGroups.SelectMany(y => y.Forms).FirstOrDefault(f => string.Equals(f.Name, parsed.Form, StringComparison.OrdinalIgnoreCase));
                if (form is null)
                {
                    form = new Form { SchoolId = school.Id, YearGroupId = yearGroup.Id, Name = parsed.Form };
                    yearGroup.Forms.Add(form);
                    db.Forms.Add(form);
                    formsCreated.Add(form.Name);
                }
                else if (form.YearGroupId != yearGroup.Id)
                {
                    problems.Add(new ImportProblem(row.Line, parsed.Upn, $"form {parsed.Form} belongs to {yearGroups.First(y => y.Id == form.YearGroupId).Name}, not {yearGroup.Name}"));
                    continue;
                }
            }

            if (!existing.TryGetValue(parsed.Upn, out var pupil))
            {
                pupil = new Pupil { SchoolId = school.Id, Upn = parsed.Upn, LegalFirstName = parsed.LegalFirstName, LegalLastName = parsed.LegalLastName };
                db.Pupils.Add(pupil);
                existing[parsed.Upn] = pupil;
                created++;
            }

            parsed.ApplyTo(pupil, yearGroup.Id, form?.Id);
            pupil.RefreshSearchText();
            var entry = db.Entry(pupil);
            if (entry.State == EntityState.Added)
            {
                outcomes.Add((row.Line, pupil, "created"));
                continue;
            }

            entry.DetectChanges();
            if (entry.State == EntityState.Modified)
            {
                updated++;
                outcomes.Add((row.Line, pupil, "updated"));
            }
            else
            {
                unchanged++;
                outcomes.Add((row.Line, pupil, "unchanged"));
            }
        }

        var result = new ImportResult(dryRun, created, updated, unchanged, yearGroupsCreated, formsCreated, ignored, problems);
        if (!result.Saved)
        {
            db.ChangeTracker.Clear();
            return result;
        }

        audit.Record("import", "PupilImport", null, null, school.Id, AuditOutcome.Succeeded,
            $"created {created}, updated {updated}, unchanged {unchanged}, rows {rows.Count}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException error) when (error is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(error))
        {
            // Someone else changed or added one of these pupils between our read and our write. Nothing
            // was saved (one transaction); say so, and record the attempt.
            db.ChangeTracker.Clear();
            audit.TakePending();
            audit.Record("import", "PupilImport", null, null, school.Id, AuditOutcome.Failed, "another change to these pupils was saved first; nothing imported");
            await db.SaveChangesAsync(cancellationToken);
            return Failed(dryRun, [new ImportProblem(0, null, ConflictMessage)], ignored) with { Conflict = true };
        }

        return result with { Pupils = [.. outcomes.Select(o => new ImportedPupil(o.Line, o.Pupil.Upn, o.Pupil.Id, o.Outcome, o.Pupil.Version))] };
    }

    /// <summary>
    /// The school's pupils that the file names, by UPN. A small file (an MIS sending one change, or
    /// a handful of new starters) looks up only its own UPNs; a whole-roll file reads the roll once.
    /// </summary>
    private async Task<Dictionary<string, Pupil>> ExistingPupilsAsync(Guid schoolId, List<Row> rows, CancellationToken cancellationToken)
    {
        var upns = rows.Select(r => r.Get(PupilColumns.Upn).ToUpperInvariant()).Where(u => u.Length > 0).Distinct().ToList();
        var pupils = db.Pupils.Where(p => p.SchoolId == schoolId);
        if (upns.Count <= SmallFileRows)
        {
            pupils = pupils.Where(p => upns.Contains(p.Upn));
        }

        return await pupils.ToDictionaryAsync(p => p.Upn, cancellationToken);
    }

    private const int SmallFileRows = 500;

    private static ImportResult Failed(bool dryRun, params ImportProblem[] problems) => Failed(dryRun, problems, []);

    private static ImportResult Failed(bool dryRun, ImportProblem[] problems, IReadOnlyList<string> ignored) =>
        new(dryRun, 0, 0, 0, [], [], ignored, problems);

    private static string YearName(int year) => year switch
    {
        -1 => "Nursery",
        0 => "Reception",
        _ => $"Year {year}",
    };

    private static ParsedPupil? Parse(Row row, DateOnly today, List<ImportProblem> problems)
    {
        var errors = new List<string>();
        var upn = row.Get(PupilColumns.Upn).ToUpperInvariant();
        if (upn.Length == 0)
        {
            errors.Add("upn is empty");
        }
        else if (!Upn.IsValid(upn))
        {
            errors.Add($"upn \u201c{Shorten(upn)}\u201d is not a valid UPN (a check letter and 12 characters, with the right check letter)");
        }

        var legalFirst = Name(row, PupilColumns.LegalFirstName, required: true, errors);
        var legalMiddle = Name(row, PupilColumns.LegalMiddleNames, required: false, errors);
        var legalLast = Name(row, PupilColumns.LegalLastName, required: true, errors);
        var preferredFirst = Name(row, PupilColumns.PreferredFirstName, required: false, errors);
        var preferredLast = Name(row, PupilColumns.PreferredLastName, required: false, errors);
        var dateOfBirth = Date(row, PupilColumns.DateOfBirth, required: true, errors);
        if (dateOfBirth is { } dob && (dob.Year < 1990 || dob > today))
        {
            errors.Add($"date_of_birth {dob:yyyy-MM-dd} is not a plausible date of birth for a pupil");
        }

        var year = YearGroupNumber(row.Get(PupilColumns.YearGroup), errors);
        var form = Name(row, PupilColumns.Form, required: false, errors, maxLength: 60);
        var gender = row.Get(PupilColumns.Gender).ToUpperInvariant() switch
        {
            "" => Gender.NotRecorded,
            "F" or "FEMALE" or "GIRL" => Gender.Female,
            "M" or "MALE" or "BOY" => Gender.Male,
            "O" or "OTHER" or "X" => Gender.Other,
            "U" or "UNKNOWN" or "NOT RECORDED" => Gender.NotRecorded,
            var other => Invalid(Gender.NotRecorded, $"gender \u201c{Shorten(other)}\u201d is not one of F, M, Other or blank"),
        };
        var sen = row.Get(PupilColumns.SenStatus).ToUpperInvariant() switch
        {
            "" or "N" or "NONE" or "NO" => SenStatus.None,
            "K" or "SEN SUPPORT" or "SENSUPPORT" or "SUPPORT" => SenStatus.SenSupport,
            "E" or "EHCP" or "EHC PLAN" or "S" => SenStatus.Ehcp,
            var other => Invalid(SenStatus.None, $"sen_status \u201c{Shorten(other)}\u201d is not one of N, K (SEN support), E (EHCP) or blank"),
        };
        var pupilPremium = Flag(row, PupilColumns.PupilPremium, errors);
        var lookedAfter = Flag(row, PupilColumns.LookedAfter, errors);
        var previouslyLookedAfter = Flag(row, PupilColumns.PreviouslyLookedAfter, errors);
        var admitted = Date(row, PupilColumns.AdmissionDate, required: false, errors);
        var left = Date(row, PupilColumns.LeavingDate, required: false, errors);
        var destination = Name(row, PupilColumns.LeavingDestination, required: false, errors, maxLength: 200);
        if (admitted is not null && left is not null && left < admitted)
        {
            errors.Add("leaving_date is before admission_date");
        }

        if (errors.Count > 0)
        {
            problems.Add(new ImportProblem(row.Line, upn.Length == 0 ? null : Shorten(upn), string.Join("; ", errors)));
            return null;
        }

        return new ParsedPupil(upn, legalFirst!, legalMiddle, legalLast!, preferredFirst, preferredLast, dateOfBirth!.Value, gender, year!.Value, form,
            sen, pupilPremium, lookedAfter, previouslyLookedAfter, admitted, left, destination);

        T Invalid<T>(T fallback, string message)
        {
            errors.Add(message);
            return fallback;
        }
    }

    private static string? Name(Row row, string column, bool required, List<string> errors, int maxLength = MaxNameLength)
    {
        var value = row.Get(column);
        if (value.Length == 0)
        {
            if (required)
            {
                errors.Add($"{column} is empty");
            }

            return null;
        }

        if (value.Length > maxLength)
        {
            errors.Add($"{column} is longer than {maxLength} characters");
        }
        else if (value.Any(c => char.IsControl(c) || c is '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069'))
        {
            errors.Add($"{column} contains control or text-direction characters");
        }

        return value;
    }

    private static DateOnly? Date(Row row, string column, bool required, List<string> errors)
    {
        var value = row.Get(column);
        if (value.Length == 0)
        {
            if (required)
            {
                errors.Add($"{column} is empty");
            }

            return null;
        }

        if (DateOnly.TryParseExact(value, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add($"{column} \u201c{Shorten(value)}\u201d is not a real date in the form YYYY-MM-DD or DD/MM/YYYY");
        return null;
    }

    private static bool Flag(Row row, string column, List<string> errors)
    {
        switch (row.Get(column).ToUpperInvariant())
        {
            case "" or "N" or "NO" or "FALSE" or "0":
                return false;
            case "Y" or "YES" or "TRUE" or "1" or "T":
                return true;
            case var other:
                errors.Add($"{column} \u201c{Shorten(other)}\u201d is not Y, N or blank");
                return false;
        }
    }

    private static int? YearGroupNumber(string value, List<string> errors)
    {
        var text = value.Trim().ToUpperInvariant();
        if (text.StartsWith("YEAR", StringComparison.Ordinal))
        {
            text = text[4..].Trim();
        }
        else if (text.StartsWith('Y') && text.Length > 1 && char.IsAsciiDigit(text[1]))
        {
            text = text[1..];
        }

        int? year = text switch
        {
            "" => null,
            "R" or "REC" or "RECEPTION" => 0,
            "N" or "N1" or "N2" or "NURSERY" => -1,
            _ when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 14 => number,
            _ => null,
        };
        if (year is null)
        {
            errors.Add(value.Length == 0
                ? "year_group is empty"
                : $"year_group \u201c{Shorten(value)}\u201d is not a year: use 1 to 14, \u201cYear 7\u201d, R for Reception or N for Nursery");
        }

        return year;
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "\u2026" : value;

    private sealed class Row(CsvRecord record, string?[] columns)
    {
        public int Line => record.Line;

        public string Get(string column)
        {
            var index = Array.IndexOf(columns, column);
            return index >= 0 && index < record.Fields.Count ? record.Fields[index].Trim() : "";
        }
    }

    private sealed record ParsedPupil(
        string Upn, string LegalFirstName, string? LegalMiddleNames, string LegalLastName, string? PreferredFirstName, string? PreferredLastName,
        DateOnly DateOfBirth, Gender Gender, int Year, string? Form, SenStatus Sen, bool PupilPremium, bool LookedAfter, bool PreviouslyLookedAfter,
        DateOnly? AdmittedOn, DateOnly? LeftOn, string? LeavingDestination)
    {
        public void ApplyTo(Pupil pupil, Guid yearGroupId, Guid? formId)
        {
            pupil.LegalFirstName = LegalFirstName;
            pupil.LegalMiddleNames = LegalMiddleNames;
            pupil.LegalLastName = LegalLastName;
            pupil.PreferredFirstName = PreferredFirstName;
            pupil.PreferredLastName = PreferredLastName;
            pupil.DateOfBirth = DateOfBirth;
            pupil.Gender = Gender;
            pupil.YearGroupId = yearGroupId;
            pupil.FormId = formId;
            pupil.SenStatus = Sen;
            pupil.PupilPremium = PupilPremium;
            pupil.LookedAfter = LookedAfter;
            pupil.PreviouslyLookedAfter = PreviouslyLookedAfter;
            pupil.AdmittedOn = AdmittedOn;
            pupil.LeftOn = LeftOn;
            pupil.LeavingDestination = LeavingDestination;
        }
    }
}
