using Attune.Features.Keywork;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attune.Features.Incidents;

/// <summary>The school-kept lists an incident is recorded with.</summary>
public enum IncidentList
{
    Type,
    Severity,
    Location,
    Period,
    Technique,
}

/// <summary>
/// One option of a school's incident lists. The flags mean something only on their list: a type is positive
/// (recognition) or counts as dysregulation; a location is off-site; a period is unstructured time (arrival, break,
/// lunch, transitions, departure). Renamed, reordered and retired, never deleted.
/// </summary>
public sealed class IncidentOption
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SchoolId { get; set; }
    public IncidentList List { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    public bool Retired { get; set; }
    public bool Positive { get; set; }
    public bool Dysregulation { get; set; }
    public bool OffSite { get; set; }
    public bool Unstructured { get; set; }
}

/// <summary>
/// A school's incident alert rules: how many dysregulation incidents in how many school days tell the keyworker,
/// whether any physical intervention tells the pastoral leads, and how much of a rise over four weeks flags a
/// pupil on their keyworker's caseload.
/// </summary>
public sealed class IncidentAlertRules : IVersioned
{
    public Guid SchoolId { get; set; }
    public int DysregulationCount { get; set; } = 3;
    public int DysregulationSchoolDays { get; set; } = 5;
    public bool InterventionAlertsLead { get; set; } = true;

    /// <summary>A pupil is rising when the last four weeks' count is at least this much higher (in percent) than the four before.</summary>
    public int RisingPercent { get; set; } = 50;

    /// <summary>And the last four weeks hold at least this many incidents, so one becoming two is not a trend.</summary>
    public int RisingMinimum { get; set; } = 3;
    public int Version { get; set; }
}

public sealed class IncidentOptionConfiguration : IEntityTypeConfiguration<IncidentOption>
{
    public void Configure(EntityTypeBuilder<IncidentOption> builder)
    {
        builder.Property(o => o.List).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Name).HasMaxLength(IncidentSettings.MaxName);
        builder.HasIndex(o => new { o.SchoolId, o.List, o.Name }).IsUnique();
    }
}

public sealed class IncidentAlertRulesConfiguration : IEntityTypeConfiguration<IncidentAlertRules>
{
    public void Configure(EntityTypeBuilder<IncidentAlertRules> builder)
    {
        builder.HasKey(r => r.SchoolId);
        builder.Property(r => r.Version).IsConcurrencyToken();
    }
}

/// <summary>An option as a form offers it.</summary>
public sealed record IncidentChoice(string Name, bool Positive = false, bool Dysregulation = false, bool OffSite = false, bool Unstructured = false);

/// <summary>
/// A school's incident settings, kept by a school-wide pastoral lead: incident types, severities, locations, periods,
/// physical intervention techniques and the alert rules. The defaults are added the first time a school needs them.
/// </summary>
public sealed class IncidentSettings(AppDbContext db, StaffContext staff)
{
    public const int MaxName = 60;
    public static readonly AccessRequirement Read = new(RecordType.IncidentSettings, Operation.Read);
    public static readonly AccessRequirement Amend = new(RecordType.IncidentSettings, Operation.Amend);

    public static readonly IReadOnlyDictionary<IncidentList, IReadOnlyList<IncidentChoice>> Defaults = new Dictionary<IncidentList, IReadOnlyList<IncidentChoice>>
    {
        [IncidentList.Type] =
        [
            new("Dysregulation", Dysregulation: true), new("Physical aggression", Dysregulation: true), new("Verbal aggression", Dysregulation: true),
            new("Leaving the room or site", Dysregulation: true), new("Disruption"), new("Refusal"), new("Conflict between pupils"), new("Bullying"),
            new("Prejudice-related"), new("Damage to property"), new("Online"), new("Positive recognition", Positive: true),
            new("Regulated well", Positive: true), new("Kindness", Positive: true),
        ],
        [IncidentList.Severity] = [new("Low"), new("Medium"), new("High"), new("Serious")],
        [IncidentList.Location] =
        [
            new("Classroom"), new("Corridor"), new("Playground"), new("Dining hall"), new("Toilets"), new("Field"), new("Reception"),
            new("School gate"), new("Calm room"), new("Off-site visit", OffSite: true), new("Transport", OffSite: true), new("Online"),
        ],
        [IncidentList.Period] =
        [
            new("Arrival", Unstructured: true), new("Registration"), new("Lesson 1"), new("Lesson 2"), new("Break", Unstructured: true), new("Lesson 3"),
            new("Lesson 4"), new("Lunch", Unstructured: true), new("Lesson 5"), new("Moving between lessons", Unstructured: true),
            new("Departure", Unstructured: true), new("After school"),
        ],
        [IncidentList.Technique] =
        [
            new("Guide (hand on arm or back)"), new("Friendly escort"), new("Single elbow"), new("Double elbow"), new("Figure of four"),
            new("Seated hold"), new("Blocking or barrier"), new("Other (describe in why it was necessary)"),
        ],
    };

    /// <summary>The flags each list has, as its settings table shows them.</summary>
    public static IReadOnlyList<(string Key, string Heading)> FlagsOf(IncidentList list) => list switch
    {
        IncidentList.Type => [("positive", "Positive"), ("dysregulation", "Dysregulation")],
        IncidentList.Location => [("offsite", "Off-site")],
        IncidentList.Period => [("unstructured", "Unstructured time")],
        _ => [],
    };

    public static (string Key, string Noun, string Heading) Describe(IncidentList list) => list switch
    {
        IncidentList.Type => ("Types", "type", "Type"),
        IncidentList.Severity => ("Severities", "severity", "Severity (least first)"),
        IncidentList.Location => ("Locations", "location", "Location"),
        IncidentList.Period => ("Periods", "period", "Period or time"),
        _ => ("Techniques", "technique", "Technique"),
    };

    /// <summary>Schools whose incident settings the member of staff may read, or change: a pastoral lead for the whole school.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Schools(bool amend) =>
        [.. staff.Schools.Where(s => staff.GrantFor(RecordType.IncidentSettings, amend ? Operation.Amend : Operation.Read).WholeSchools.Contains(s.Id)).Select(s => (s.Id, s.Name))];

    /// <summary>Every option of every list, retired ones too, in order; the defaults are added the first time.</summary>
    public async Task<IReadOnlyList<IncidentOption>> AllAsync(Guid schoolId, CancellationToken cancellationToken)
    {
        var options = await db.IncidentOptions.AsNoTracking().Where(o => o.SchoolId == schoolId).OrderBy(o => o.List).ThenBy(o => o.SortOrder).ToListAsync(cancellationToken);
        var missing = Defaults.Keys.Where(list => options.All(o => o.List != list)).ToList();
        if (missing.Count == 0)
        {
            return options;
        }

        foreach (var list in missing)
        {
            db.IncidentOptions.AddRange(Defaults[list].Select((c, i) => new IncidentOption
            {
                SchoolId = schoolId, List = list, Name = c.Name, SortOrder = (i + 1) * 10,
                Positive = c.Positive, Dysregulation = c.Dysregulation, OffSite = c.OffSite, Unstructured = c.Unstructured,
            }));
        }

        // Another request may add them at the same moment: theirs are the same defaults.
        await DocumentVersion.TrySaveAsync(db, cancellationToken);
        db.ChangeTracker.Clear();
        return await db.IncidentOptions.AsNoTracking().Where(o => o.SchoolId == schoolId).OrderBy(o => o.List).ThenBy(o => o.SortOrder).ToListAsync(cancellationToken);
    }

    /// <summary>The options in use on each list, in the school's order.</summary>
    public async Task<ILookup<IncidentList, IncidentOption>> InUseAsync(Guid schoolId, CancellationToken cancellationToken) =>
        (await AllAsync(schoolId, cancellationToken)).Where(o => !o.Retired).ToLookup(o => o.List);

    public async Task<IncidentAlertRules> RulesAsync(Guid schoolId, CancellationToken cancellationToken) =>
        await db.IncidentAlertRules.AsNoTracking().FirstOrDefaultAsync(r => r.SchoolId == schoolId, cancellationToken) ?? new IncidentAlertRules { SchoolId = schoolId };

    /// <summary>The version of the school's saved alert rules, for the settings form; null while the defaults apply.</summary>
    public Task<int?> RulesVersionAsync(Guid schoolId, CancellationToken cancellationToken) =>
        db.IncidentAlertRules.AsNoTracking().Where(r => r.SchoolId == schoolId).Select(r => (int?)r.Version).FirstOrDefaultAsync(cancellationToken);

    /// <summary>One list as its settings table shows it.</summary>
    public async Task<IReadOnlyList<SettingRow>> RowsAsync(Guid schoolId, IncidentList list, CancellationToken cancellationToken) =>
        [.. (await AllAsync(schoolId, cancellationToken)).Where(o => o.List == list).OrderBy(o => o.Retired).ThenBy(o => o.SortOrder)
            .Select(o => new SettingRow { Id = o.Id, Name = o.Name, Retired = o.Retired, Flags = FlagsOf(o) })];

    private static List<string> FlagsOf(IncidentOption option) =>
        [.. new[] { ("positive", option.Positive), ("dysregulation", option.Dysregulation), ("offsite", option.OffSite), ("unstructured", option.Unstructured) }
            .Where(f => f.Item2).Select(f => f.Item1)];

    /// <summary>Saves every list and the alert rules all or nothing; errors by list and row.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SaveAsync(Guid schoolId, IReadOnlyDictionary<IncidentList, IReadOnlyList<SettingRow>> lists,
        IncidentAlertRules rules, int? rulesVersion, CancellationToken cancellationToken)
    {
        var existing = (await db.IncidentOptions.Where(o => o.SchoolId == schoolId).ToListAsync(cancellationToken)).ToLookup(o => o.List);
        var errors = new Dictionary<string, string>();
        foreach (var (list, rows) in lists)
        {
            var (key, noun, _) = Describe(list);
            foreach (var (field, message) in SettingRows.Check(rows, MaxName, [.. existing[list].Select(o => o.Id)], key, noun))
            {
                errors[field] = message;
            }
        }

        CheckRules(rules, errors);
        if (errors.Count > 0)
        {
            return errors;
        }

        foreach (var (list, rows) in lists)
        {
            var byId = existing[list].ToDictionary(o => o.Id);
            var allowed = FlagsOf(list).Select(f => f.Key).ToHashSet();
            foreach (var (row, index) in rows.Select((row, index) => (row, index)))
            {
                var name = TextInput.Clean(row.Name, MaxName).Value;
                var option = row.Id is { } id ? byId[id] : name is null ? null : db.IncidentOptions.Add(new IncidentOption { SchoolId = schoolId, List = list, Name = name }).Entity;
                if (option is null)
                {
                    continue;
                }

                option.Name = name!;
                option.Retired = row.Retired;
                option.SortOrder = (index + 1) * 10;
                bool Has(string flag) => allowed.Contains(flag) && row.Flags.Contains(flag);
                (option.Positive, option.Dysregulation, option.OffSite, option.Unstructured) = (Has("positive"), Has("dysregulation"), Has("offsite"), Has("unstructured"));
                if (option.Positive && option.Dysregulation)
                {
                    errors[$"{Describe(list).Key}[{index}].Name"] = $"Row {index + 1}: a type cannot be both positive and dysregulation";
                }
            }
        }

        var saved = await db.IncidentAlertRules.FirstOrDefaultAsync(r => r.SchoolId == schoolId, cancellationToken);
        if (saved is null)
        {
            saved = db.IncidentAlertRules.Add(new IncidentAlertRules { SchoolId = schoolId }).Entity;
        }
        else if (rulesVersion != saved.Version)
        {
            errors["DysregulationCount"] = "The alert rules were changed while you edited them; reload the page";
        }

        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return errors;
        }

        (saved.DysregulationCount, saved.DysregulationSchoolDays, saved.InterventionAlertsLead, saved.RisingPercent, saved.RisingMinimum) =
            (rules.DysregulationCount, rules.DysregulationSchoolDays, rules.InterventionAlertsLead, rules.RisingPercent, rules.RisingMinimum);
        return await DocumentVersion.TrySaveAsync(db, cancellationToken)
            ? errors
            : new Dictionary<string, string> { ["Types"] = "The incident settings were saved by someone else at the same time; reload the page" };
    }

    private static void CheckRules(IncidentAlertRules rules, Dictionary<string, string> errors)
    {
        if (rules.DysregulationCount is < 2 or > 20)
        {
            errors["DysregulationCount"] = "Enter how many dysregulation incidents alert the keyworker, from 2 to 20";
        }

        if (rules.DysregulationSchoolDays is < 1 or > 30)
        {
            errors["DysregulationSchoolDays"] = "Enter over how many school days they are counted, from 1 to 30";
        }

        if (rules.RisingPercent is < 10 or > 500)
        {
            errors["RisingPercent"] = "Enter the rise that flags a pupil, from 10 to 500 percent";
        }

        if (rules.RisingMinimum is < 1 or > 50)
        {
            errors["RisingMinimum"] = "Enter the fewest incidents in four weeks that can be a rising trend, from 1 to 50";
        }
    }
}
