using System.Globalization;
using Attune.Features.Keywork;
using Attune.Features.Pupils;
using Attune.Features.Pupils.Pages;
using Attune.Platform.Authorization;
using Attune.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Attune.Features.Incidents.Pages;

/// <summary>
/// Recording an incident, quickly, on a phone. One form that works without JavaScript: the pupil search posts back
/// to the same form keeping everything typed, as the concern form does; each chosen pupil gets their part (involved,
/// affected, witness) and stage of regulation; strategies are offered from their regulation plans.
/// </summary>
[GuardedBy(RecordType.Incident, Operation.Create)]
public sealed class RecordModel(Incidents incidents, IncidentSettings settings, RegulationPlans plans, StaffContext staff, TimeProvider clock) : PageModel
{
    private const int MaxMatches = 20;

    [BindProperty] public string? Query { get; set; }
    [BindProperty] public Dictionary<Guid, string> Roles { get; set; } = [];
    [BindProperty] public Dictionary<Guid, string> Stages { get; set; } = [];
    [BindProperty] public string? OccurredOn { get; set; }
    [BindProperty] public string? OccurredAt { get; set; }
    [BindProperty] public string? DurationMinutes { get; set; }
    [BindProperty] public string? Type { get; set; }
    [BindProperty] public string? Severity { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public string? Period { get; set; }
    [BindProperty] public string? Lesson { get; set; }
    [BindProperty] public string? Antecedent { get; set; }
    [BindProperty] public string? Behaviour { get; set; }
    [BindProperty] public string? Consequence { get; set; }
    [BindProperty] public string? Triggers { get; set; }
    [BindProperty] public List<string> Tried { get; set; } = [];
    [BindProperty] public List<string> Helped { get; set; } = [];
    [BindProperty] public string? OtherStrategies { get; set; }
    [BindProperty] public string? Injuries { get; set; }
    [BindProperty] public string? Damage { get; set; }
    [BindProperty] public List<Guid> StaffIds { get; set; } = [];
    [BindProperty] public string? ParentsInformed { get; set; }
    [BindProperty] public string? ParentsInformedWho { get; set; }
    [BindProperty] public string? ParentsInformedOn { get; set; }
    [BindProperty] public string? ParentsInformedAt { get; set; }
    [BindProperty] public string? ParentsInformedHow { get; set; }
    [BindProperty] public string? FollowUp { get; set; }
    [BindProperty] public string? Force { get; set; }
    [BindProperty] public Guid? InterventionPupilId { get; set; }
    [BindProperty] public string? InterventionTechnique { get; set; }
    [BindProperty] public List<Guid> InterventionStaffIds { get; set; } = [];
    [BindProperty] public string? InterventionStartedAt { get; set; }
    [BindProperty] public string? InterventionEndedAt { get; set; }
    [BindProperty] public string? InterventionReason { get; set; }
    [BindProperty] public string? InterventionInjuries { get; set; }
    [BindProperty] public string? InterventionPupilDebrief { get; set; }
    [BindProperty] public string? InterventionStaffDebrief { get; set; }
    [BindProperty] public string? InterventionParentsInformedSameDay { get; set; }

    public IReadOnlyList<PupilChoice> Chosen { get; private set; } = [];
    public IReadOnlyList<PupilChoice>? Matches { get; private set; }
    public ILookup<IncidentList, IncidentOption> Options { get; private set; } = Array.Empty<IncidentOption>().ToLookup(o => o.List);
    public IReadOnlyList<string> StageChoices { get; private set; } = [];
    public IReadOnlyList<string> Offered { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> StaffChoices { get; private set; } = [];

    /// <summary>Field order for the error summary, top to bottom.</summary>
    private IEnumerable<string> FieldOrder =>
        new[] { nameof(Query) }
            .Concat(Chosen.SelectMany(p => new[] { $"Role-{p.Id}", $"Stage-{p.Id}" }))
            .Concat([
                nameof(OccurredOn), nameof(OccurredAt), nameof(DurationMinutes), nameof(Location), nameof(Period), nameof(Lesson), nameof(Type), nameof(Severity),
                nameof(Antecedent), nameof(Behaviour), nameof(Consequence), nameof(Triggers), "Strategies", nameof(OtherStrategies), nameof(Injuries), nameof(Damage),
                nameof(StaffIds), nameof(Force), nameof(InterventionPupilId), nameof(InterventionTechnique), nameof(InterventionStaffIds), nameof(InterventionStartedAt),
                nameof(InterventionEndedAt), nameof(InterventionReason), nameof(InterventionInjuries), nameof(InterventionPupilDebrief), nameof(InterventionStaffDebrief),
                nameof(InterventionParentsInformedSameDay), nameof(ParentsInformed), nameof(ParentsInformedWho), nameof(ParentsInformedHow), nameof(ParentsInformedOn),
                nameof(ParentsInformedAt), nameof(FollowUp),
            ]);

    public async Task OnGetAsync(Guid? pupil)
    {
        var now = LocalTime.ToUk(clock.GetUtcNow().UtcDateTime);
        OccurredOn = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        OccurredAt = now.ToString("HH:mm", CultureInfo.InvariantCulture);
        StaffIds = [staff.UserId];
        await LoadAsync(pupil is { } id ? [id] : []);
        foreach (var chosen in Chosen)
        {
            Roles[chosen.Id] = nameof(IncidentRole.Involved);
        }
    }

    /// <summary>Finds pupils to add, keeping the rest of the form as typed.</summary>
    [GuardedBy(RecordType.Incident, Operation.Create, List = true)]
    public async Task OnPostFindAsync(List<Guid> pupil)
    {
        ModelState.Clear();
        await LoadAsync(pupil);
        var terms = SearchModel.Terms(Query);
        if (terms.Count == 0 || terms.Any(t => t.Length > 100))
        {
            ModelState.AddModelError(nameof(Query), "Enter part of the pupil's name or their UPN, up to 100 characters");
            return;
        }

        Matches = await PupilChoice.From(SearchModel.Matching(incidents.RecordablePupils().Where(p => !pupil.Contains(p.Id) && p.LeftOn == null), terms)
                .OrderBy(p => p.PreferredLastName ?? p.LegalLastName)
                .ThenBy(p => p.PreferredFirstName ?? p.LegalFirstName)
                .Take(MaxMatches))
            .ToListAsync(HttpContext.RequestAborted);
    }

    /// <summary>Adds a pupil found by the search (involved, unless changed), or takes one off.</summary>
    public async Task OnPostChooseAsync(List<Guid> pupil, Guid? remove)
    {
        ModelState.Clear();
        Query = null;
        await LoadAsync(pupil.Where(id => id != remove).ToList());
        foreach (var chosen in Chosen.Where(c => !Roles.ContainsKey(c.Id)))
        {
            Roles[chosen.Id] = nameof(IncidentRole.Involved);
        }
    }

    public async Task<IActionResult> OnPostAsync(List<Guid> pupil)
    {
        ModelState.Clear();
        await LoadAsync(pupil);
        var typed = new Dictionary<string, string>();
        DateOnly? Date(string? text, string field, string message) => Parse(text, DateInput.ParseDate, field, message, typed);
        TimeOnly? Time(string? text, string field, string message) => Parse(text, DateInput.ParseTime, field, message, typed);
        var occurredOn = Date(OccurredOn, nameof(OccurredOn), "Enter the date of the incident as a real date, like 24/11/2026");
        var occurredAt = Time(OccurredAt, nameof(OccurredAt), "Enter the time the incident started like 12:40");
        var informedOn = Date(ParentsInformedOn, nameof(ParentsInformedOn), "Enter the date parents were told as a real date");
        var informedAt = Time(ParentsInformedAt, nameof(ParentsInformedAt), "Enter the time parents were told like 15:30, or leave it blank");
        int? duration = null;
        if (!string.IsNullOrWhiteSpace(DurationMinutes))
        {
            duration = int.TryParse(DurationMinutes, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) ? minutes : -1;
        }

        var force = Force switch { "yes" => true, "no" => false, _ => (bool?)null };
        if (force is null)
        {
            typed[nameof(Force)] = "Say whether physical intervention (reasonable force) was used";
        }

        InterventionInput? intervention = null;
        if (force == true)
        {
            var started = Time(InterventionStartedAt, nameof(InterventionStartedAt), "Enter the time the physical intervention started like 12:42");
            var ended = Time(InterventionEndedAt, nameof(InterventionEndedAt), "Enter the time the physical intervention ended like 12:44");
            intervention = new InterventionInput(InterventionPupilId ?? (Chosen.Count == 1 ? Chosen[0].Id : null), InterventionTechnique, InterventionStaffIds,
                started, ended, InterventionReason, InterventionInjuries, InterventionPupilDebrief, InterventionStaffDebrief,
                InterventionParentsInformedSameDay switch { "yes" => true, "no" => false, _ => null });
        }

        var input = new IncidentInput
        {
            Pupils = [.. Chosen.Select(p => new IncidentPupilInput(p.Id, ChoiceInput.Parse<IncidentRole>(Roles.GetValueOrDefault(p.Id)), Stages.GetValueOrDefault(p.Id)))],
            StaffIds = StaffIds,
            OccurredOn = occurredOn,
            OccurredAt = occurredAt,
            DurationMinutes = duration,
            Type = Type,
            Severity = Severity,
            Location = Location,
            Period = Period,
            Lesson = Lesson,
            Antecedent = Antecedent,
            Behaviour = Behaviour,
            Consequence = Consequence,
            Triggers = Triggers,
            Strategies = [.. Tried.Select(name => new StrategyTried(name, Helped.Contains(name)))],
            OtherStrategies = OtherStrategies,
            Injuries = Injuries,
            Damage = Damage,
            ParentsInformed = ParentsInformed switch { "yes" => true, "no" => false, _ => null },
            ParentsInformedWho = ParentsInformedWho,
            ParentsInformedOn = informedOn,
            ParentsInformedAt = informedAt,
            ParentsInformedHow = ChoiceInput.Parse<ContactMethod>(ParentsInformedHow),
            FollowUp = FollowUp,
            Intervention = intervention,
        };
        var (incident, errors) = await incidents.RecordAsync(input, HttpContext.RequestAborted, save: typed.Count == 0);
        if (incident is not null)
        {
            return await incidents.Visible(Incidents.Read).AnyAsync(i => i.Id == incident.Id, HttpContext.RequestAborted)
                ? Redirect($"/incidents/{incident.Id}?recorded=true")
                : Redirect("/incidents/recorded");
        }

        var all = errors.ToDictionary(e => e.Key.Replace(".", "", StringComparison.Ordinal), e => e.Value);
        foreach (var (key, message) in typed)
        {
            all[key] = message;
        }

        if (all.Remove("Pupils", out var pupilsError))
        {
            all[nameof(Query)] = pupilsError;
        }

        ModelState.AddAll(all, [.. FieldOrder]);
        return Page();
    }

    private static T? Parse<T>(string? text, Func<string?, T?> parse, string field, string message, Dictionary<string, string> typed) where T : struct
    {
        var value = parse(text);
        if (!string.IsNullOrWhiteSpace(text) && value is null)
        {
            typed[field] = message;
        }

        return value;
    }

    private async Task LoadAsync(List<Guid> pupilIds)
    {
        var ct = HttpContext.RequestAborted;
        var ids = pupilIds.Distinct().Take(Incidents.MaxPupils + 1).ToList();
        Chosen = [.. (await PupilChoice.From(incidents.RecordablePupils().Where(p => ids.Contains(p.Id))).ToListAsync(ct)).OrderBy(p => p.Name)];
        if (Chosen.Count < ids.Count)
        {
            throw new NotFoundException();
        }

        var schoolId = Chosen.Count > 0
            ? Chosen[0].SchoolId
            : staff.GrantFor(RecordType.Incident, Operation.Create).WholeSchools.Select(id => (Guid?)id).FirstOrDefault(id => staff.Schools.Any(s => s.Id == id));
        if (schoolId is { } school)
        {
            Options = await settings.InUseAsync(school, ct);
            StageChoices = await plans.StagesAsync(school, ct);
            StaffChoices = await incidents.StaffAsync(school, ct);
        }

        Offered = [.. (await incidents.OfferedStrategiesAsync([.. Chosen.Select(c => c.Id)], ct)).Union(Tried, StringComparer.OrdinalIgnoreCase)];
    }
}
