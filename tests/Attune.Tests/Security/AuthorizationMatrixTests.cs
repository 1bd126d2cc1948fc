using System.Net;
using System.Text;
using System.Text.Json;
using Attune.Features.Demo;
using Attune.Features.Incidents;
using Attune.Features.Keywork;
using Attune.Features.Pupils;
using Attune.Features.Safeguarding;
using Attune.Features.Safeguarding.Transfer;
using Attune.Features.Schools;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Attune.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Security;

/// <summary>
/// The authorization matrix: every discovered page handler and API endpoint, asked by every demo role, about
/// records in and out of their school, key stage, caseload and teaching, must answer exactly as the table in
/// docs/security/access-model.md says. The expected answer is worked out here from the document and the
/// database's plain facts (who holds which role where, who keyworks and teaches whom), not by the app's own
/// authorization code. Later features add rows to the document and a [GuardedBy] to their endpoints; this
/// test then covers them without change.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    /// <summary>Endpoints that act only on the caller's own account, open to every signed-in member of staff.</summary>
    private static readonly string[] OwnAccountRoutes =
        ["/", "/account", "/account/tokens", "/notifications", "/notifications/{id:guid}", "/sign-out", "/api/v1/openapi.json"];

    private static readonly string[] PublicRoutes =
    [
        "/sign-in", "/sign-in/two-factor", "/sign-in/recovery-code", "/sign-in/set-up-authenticator", "/sign-in/forgotten-password",
        "/sign-in/reset-password", "/signed-out", "/error/{code:int?}", "/access-denied", "/health/live", "/health/ready",
    ];

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Every_guarded_endpoint_answers_every_role_and_scope_as_the_access_model_says(DatabaseProvider provider)
    {
        await using var app = new AttuneApp(provider);
        var model = AccessModelDocument.Read();
        var handlers = await EndpointCatalogue.DiscoverAsync(app);
        var unguarded = handlers.Where(h => h.Guard is null && !OwnAccountRoutes.Contains(h.Route) && !PublicRoutes.Contains(h.Route)).ToList();
        Assert.True(unguarded.Count == 0, "These endpoints name no access-model row ([GuardedBy]): " + string.Join(", ", unguarded));
        var guarded = handlers.Where(h => h.Guard is not null).ToList();
        Assert.Contains(guarded, h => h.IsApi);
        Assert.Contains(guarded, h => h.Method == "POST" && !h.IsApi);

        var world = await World.LoadAsync(app);
        var actors = new List<Actor>();
        foreach (var account in DemoSeeder.Accounts)
        {
            var (session, api) = await app.TokenClientAsync(account.Email);
            actors.Add(new Actor(account.Email, world.UserIds[account.Email], session, api, await AntiforgeryTokenAsync(session)));
        }

        var cases = (from actor in actors
                     from handler in guarded
                     from target in world.TargetsFor(handler)
                     select new Case(actor, handler, target, world.Allows(model, actor.UserId, handler.Guard!, target))).ToList();
        var failures = new List<string>();

        // Refusals first: none of them may change anything. Then everything that is allowed.
        var before = await World.SnapshotAsync(app);
        foreach (var refused in cases.Where(c => !c.Expected))
        {
            await CheckAsync(refused, failures);
        }

        var after = await World.SnapshotAsync(app);
        Assert.True(before == after, $"A refused request changed something:\n{before}\n{after}");
        foreach (var allowed in cases.Where(c => c.Expected))
        {
            await CheckAsync(allowed, failures);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} answers differ from the access model:\n" + string.Join("\n", failures.Take(60)));
        Assert.True(cases.Count(c => c.Expected) > 100 && cases.Count(c => !c.Expected) > 100, "the matrix should exercise both outcomes");
    }

    private static async Task CheckAsync(Case test, List<string> failures)
    {
        using var request = Build(test);
        using var response = await (test.Handler.IsApi ? test.Actor.Api : test.Actor.Session.Client).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.OriginalString ?? "";
        if (status >= 500)
        {
            failures.Add($"{test}: answered {status}");
            return;
        }

        var refused = response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && new Uri(new Uri("http://localhost"), location).AbsolutePath == "/access-denied");
        bool allowed;
        if (test.Handler.Guard!.List && test.Target is not null)
        {
            // A search or look-up: it must find the record exactly when the caller may see it.
            allowed = !refused && (body.Contains(test.Target.Id.ToString(), StringComparison.Ordinal) || location.Contains(test.Target.Id.ToString(), StringComparison.Ordinal));
        }
        else
        {
            allowed = !refused && (test.Handler.Method != "GET" || status == 200);
        }

        if (allowed != test.Expected)
        {
            failures.Add($"{test}: expected {(test.Expected ? "allowed" : "refused")}, answered {status}{(location.Length > 0 ? " → " + location : "")}");
        }

        if (status == 200 && response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            if (!response.Headers.Contains("Content-Security-Policy") || !response.Headers.Contains("X-Content-Type-Options") || response.Headers.CacheControl?.NoStore != true)
            {
                failures.Add($"{test}: an HTML page without the security headers");
            }
        }
    }

    private static HttpRequestMessage Build(Case test)
    {
        var handler = test.Handler;
        var values = new Dictionary<string, string>();
        foreach (var name in handler.Parameters)
        {
            if (ParameterValue(name, test.Target) is { } value)
            {
                values[name] = value;
            }
        }

        var path = EndpointCatalogue.Fill(handler.Route, name => values.Remove(name, out var value) ? value : null);
        var query = new List<string>();
        if (handler.HandlerName is not null)
        {
            query.Add("handler=" + handler.HandlerName);
        }

        if (handler.Method == "GET")
        {
            query.AddRange(values.Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value)}"));
        }

        var request = new HttpRequestMessage(new HttpMethod(handler.Method), path + (query.Count > 0 ? "?" + string.Join("&", query) : ""));
        if (handler.Method == "GET")
        {
            return request;
        }

        var upn = test.Target?.Upn ?? "";
        if (handler.IsApi)
        {
            request.Content = handler.JsonBody is { } type
                ? new StringContent(JsonSerializer.Serialize(JsonBody(type, test.Target, upn)), Encoding.UTF8, "application/json")
                : new ByteArrayContent([]);
            return request;
        }

        var form = new Dictionary<string, string>(values) { ["__RequestVerificationToken"] = test.Actor.Antiforgery };
        foreach (var name in handler.BoundStrings)
        {
            form[name] = upn;
        }

        request.Content = new FormUrlEncodedContent(form);
        return request;
    }

    /// <summary>A JSON body: every text property holds the target's UPN, and a list of ids named like a parameter (pupilIds) holds the target.</summary>
    private static Dictionary<string, object> JsonBody(Type type, Target? target, string upn)
    {
        var body = new Dictionary<string, object>();
        foreach (var property in type.GetProperties())
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (property.PropertyType == typeof(string))
            {
                body[name] = upn;
            }
            else if (typeof(IEnumerable<Guid>).IsAssignableFrom(property.PropertyType) && name.EndsWith("Ids", StringComparison.Ordinal)
                     && ParameterValue(name[..^3], target) is { } id)
            {
                body[name] = new[] { id };
            }
            else if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericArguments()[0].GetProperty("PupilId") is not null
                     && ParameterValue("pupil", target) is { } pupilId)
            {
                // A list of pupils with their parts (an incident's pupils): one, the target.
                body[name] = new[] { new Dictionary<string, string> { ["pupilId"] = pupilId, ["role"] = upn } };
            }
        }

        return body;
    }

    /// <summary>What each route or handler parameter means for a target record.</summary>
    private static string? ParameterValue(string name, Target? target) => (name, target?.Kind) switch
    {
        ("id", TargetKind.Pupil or TargetKind.School or TargetKind.Concern or TargetKind.Incident) => target!.Id.ToString(),
        ("referralId", TargetKind.Concern) => target!.ReferralId.ToString(),
        ("actionId", TargetKind.Concern) => target!.ActionId.ToString(),
        ("attachmentId", TargetKind.Concern) => target!.AttachmentId.ToString(),
        ("transferId", TargetKind.Pupil) => target!.TransferId.ToString(),
        ("fileId", TargetKind.Pupil) => target!.ReceivedFileId.ToString(),
        ("assessmentId", TargetKind.Pupil) => target!.RiskAssessmentId.ToString(),
        ("planId", TargetKind.Pupil) => target!.SupportPlanId.ToString(),
        ("pupil", TargetKind.Pupil) => target!.Id.ToString(),
        ("schoolId", TargetKind.School) => target!.Id.ToString(),
        ("userId", TargetKind.Staff) => target!.Id.ToString(),
        ("userId", TargetKind.School) => target!.VictimId.ToString(),
        ("year", _) => "new",
        _ => null,
    };

    private static async Task<string> AntiforgeryTokenAsync(StaffSession session)
    {
        var html = await session.GetPageAsync("/account");
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(match.Success, "no antiforgery token on /account");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private sealed record Actor(string Email, Guid UserId, StaffSession Session, HttpClient Api, string Antiforgery);

    private sealed record Case(Actor Actor, EndpointHandler Handler, Target? Target, bool Expected)
    {
        public override string ToString() => $"{Actor.Email} {Handler} for {Target?.ToString() ?? "the list"}";
    }

    private enum TargetKind
    {
        Pupil,
        School,
        Staff,
        Concern,
        Incident,
    }

    private sealed record Target(TargetKind Kind, Guid Id, Guid SchoolId, string Description, string? Upn = null, int? Year = null, Guid? VictimId = null)
    {
        /// <summary>For an incident: the one pupil it is about, and the staff it names (who recorded it or were involved).</summary>
        public Guid PupilId { get; init; }
        public IReadOnlySet<Guid> NamedStaff { get; init; } = new HashSet<Guid>();

        /// <summary>For a concern: the years of the pupils it is about, whether its category is DSL only, and who reported it.</summary>
        public IReadOnlyList<int?> PupilYears { get; init; } = [];
        public bool DslOnly { get; init; }
        public Guid ReporterId { get; init; }

        /// <summary>For a concern: a referral and an action on it, for the routes that name one.</summary>
        public Guid ReferralId { get; init; }
        public Guid ActionId { get; init; }
        public Guid AttachmentId { get; init; }

        /// <summary>For a pupil: a child protection file sent and one received, for the transfer routes.</summary>
        public Guid TransferId { get; init; }
        public Guid ReceivedFileId { get; init; }

        /// <summary>For a pupil: a risk assessment shared by name with one member of staff who teaches them.</summary>
        public Guid RiskAssessmentId { get; init; }

        /// <summary>For a pupil: a support plan, for the routes that name one.</summary>
        public Guid SupportPlanId { get; init; }

        public override string ToString() => Description;
    }

    private sealed record Assignment(Role Role, Guid TrustId, Guid? SchoolId, KeyStages KeyStages, IReadOnlySet<int> Years);

    /// <summary>The plain facts of the demo trust, read straight from the tables.</summary>
    private sealed class World
    {
        public Dictionary<string, Guid> UserIds { get; } = [];
        private readonly Dictionary<Guid, Guid> _trustOfSchool = [];
        private readonly Dictionary<Guid, List<Assignment>> _assignments = [];
        private readonly HashSet<(Guid User, Guid Pupil)> _caseload = [];
        private readonly HashSet<(Guid User, Guid Pupil)> _taught = [];
        private readonly HashSet<(Guid User, Guid Pupil)> _named = [];
        private readonly List<Target> _pupils = [];
        private readonly List<Target> _schools = [];
        private readonly List<Target> _staff = [];
        private readonly List<Target> _concerns = [];
        private readonly List<Target> _incidents = [];

        public static async Task<World> LoadAsync(AttuneApp app)
        {
            var world = new World();
            var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
            await app.WithScopeAsync(async services =>
            {
                var db = services.GetRequiredService<AppDbContext>();
                var users = services.GetRequiredService<UserManager<StaffUser>>();
                foreach (var school in await db.Schools.AsNoTracking().ToListAsync())
                {
                    world._trustOfSchool[school.Id] = school.TrustId;
                    // Someone whose account administrators may change freely during the test.
                    var victim = new StaffUser { UserName = $"victim@{school.Urn}.example", Email = $"victim@{school.Urn}.example", DisplayName = "Matrix Victim", TrustId = school.TrustId, EmailConfirmed = true };
                    Assert.True((await users.CreateAsync(victim)).Succeeded);
                    db.RoleAssignments.Add(new RoleAssignment { UserId = victim.Id, TrustId = school.TrustId, SchoolId = school.Id, Role = Role.Staff });
                    await db.SaveChangesAsync();
                    world._schools.Add(new Target(TargetKind.School, school.Id, school.Id, school.Name, VictimId: victim.Id));
                    world._staff.Add(new Target(TargetKind.Staff, victim.Id, school.Id, $"staff member of {school.Name}"));
                }

                foreach (var user in await db.Users.AsNoTracking().ToListAsync())
                {
                    world.UserIds[user.Email!] = user.Id;
                }

                foreach (var a in await db.RoleAssignments.AsNoTracking().ToListAsync())
                {
                    var years = a.YearScope.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToHashSet();
                    world.Assignments(a.UserId).Add(new Assignment(a.Role, a.TrustId, a.SchoolId, a.KeyStageScope, years));
                }

                world._staff.Add(new Target(TargetKind.Staff, world.UserIds["trust.dsl@riverside.example"], Guid.Empty, "the trust DSL"));
                foreach (var k in await db.KeyworkerAllocations.AsNoTracking().Where(k => k.StartsOn <= today && (k.EndsOn == null || k.EndsOn >= today)).ToListAsync())
                {
                    world._caseload.Add((k.StaffUserId, k.PupilId));
                }

                foreach (var t in await db.TeachingGroupStaff.AsNoTracking()
                             .Join(db.TeachingGroupPupils, s => s.TeachingGroupId, p => p.TeachingGroupId, (s, p) => new { s.StaffUserId, p.PupilId }).ToListAsync())
                {
                    world._taught.Add((t.StaffUserId, t.PupilId));
                }

                foreach (var t in await db.Pupils.AsNoTracking().Where(p => p.Form!.TutorUserId != null).Select(p => new { p.Form!.TutorUserId, p.Id }).ToListAsync())
                {
                    world._taught.Add((t.TutorUserId!.Value, t.Id));
                }

                var pupils = await db.Pupils.AsNoTracking().Where(p => p.LeftOn == null)
                    .Select(p => new { p.Id, p.SchoolId, p.Upn, Year = p.YearGroup != null ? (int?)p.YearGroup.NationalCurriculumYear : null, School = p.School!.Name })
                    .OrderBy(p => p.Upn).ToListAsync();
                // One pupil of each key stage in each school, and for every member of staff the first pupil they keywork and teach.
                var chosen = pupils.GroupBy(p => (p.SchoolId, KeyStage(p.Year))).Select(g => g.First()).ToList();
                foreach (var user in world._caseload.Select(c => c.User).Concat(world._taught.Select(t => t.User)).Distinct())
                {
                    chosen.AddRange(pupils.Where(p => world._caseload.Contains((user, p.Id))).Take(1));
                    chosen.AddRange(pupils.Where(p => world._taught.Contains((user, p.Id))).Take(1));
                }

                foreach (var p in chosen.DistinctBy(p => p.Id))
                {
                    if (!await db.Set<PupilPhoto>().AnyAsync(photo => photo.PupilId == p.Id))
                    {
                        db.Add(new PupilPhoto { PupilId = p.Id, ContentType = "image/png", Content = [0x89, 0x50, 0x4E, 0x47] });
                    }

                    // A file sent and a file received, for the transfer routes that name one.
                    var transfer = new ProtectionFileTransfer
                    {
                        PupilId = p.Id, SchoolId = p.SchoolId, ToSchool = "Matrix school", ToPerson = "Matrix DSL", SentOn = today, SentByName = "Matrix",
                        PackageSha256 = new string('0', 64), ReceiptCode = "00000-00000",
                    };
                    var received = new ReceivedProtectionFile
                    {
                        PupilId = p.Id, SchoolId = p.SchoolId, FromSchool = "Matrix school", ExportedBy = "Matrix", ImportedByName = "Matrix",
                        PackageSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(p.Id.ToByteArray())), ChronologyPdf = "%PDF-"u8.ToArray(),
                    };
                    db.AddRange(transfer, new ProtectionFilePackageContent { TransferId = transfer.Id, Bytes = [1, 2, 3] }, received);

                    // A risk assessment, shared by name with the first member of staff who teaches the pupil (if anyone does).
                    var assessment = new RiskAssessment
                    {
                        PupilId = p.Id, SchoolId = p.SchoolId, Kind = RiskKind.Absconding, OwnerName = "Matrix", UpdatedByName = "Matrix", Number = 1,
                        ReviewDueOn = today.AddMonths(1), Content = new RiskAssessmentContent("Matrix", null, [new Hazard("Leaves the site", null, 3, 4, "Escort at transitions", 2, 3)]),
                    };
                    if (world._taught.Where(t => t.Pupil == p.Id).Select(t => (Guid?)t.User).FirstOrDefault() is { } teacher)
                    {
                        assessment.SharedWith.Add(new RiskAssessmentShare { RiskAssessmentId = assessment.Id, StaffUserId = teacher });
                        world._named.Add((teacher, p.Id));
                    }

                    db.Add(assessment);
                    var plan = new SupportPlan
                    {
                        PupilId = p.Id, SchoolId = p.SchoolId, StartedOn = today, ReviewDueOn = today.AddMonths(1), UpdatedByName = "Matrix", Number = 1,
                        Content = new SupportPlanContent("Matrix plan", "Matrix needs", [new PlanTarget("Attend every lesson", "Register", null, TargetOutcome.NotYetReviewed, null)], [], null, null, null),
                    };
                    db.Add(plan);

                    // An incident about the pupil with a physical intervention, recorded by nobody in the demo and naming the teacher as staff involved.
                    var incident = new Incident
                    {
                        SchoolId = p.SchoolId, OccurredOn = today, OccurredAt = new TimeOnly(10, 0), TypeName = "Dysregulation", Dysregulation = true, SeverityName = "High",
                        SeverityRank = 3, LocationName = "Classroom", Behaviour = "Matrix", RecordedByName = "Matrix", RecordedByUserId = Guid.NewGuid(),
                    };
                    incident.Pupils.Add(new IncidentPupil { IncidentId = incident.Id, PupilId = p.Id, Role = IncidentRole.Involved });
                    incident.Intervention = new PhysicalIntervention
                    {
                        IncidentId = incident.Id, SchoolId = p.SchoolId, PupilId = p.Id, Technique = "Friendly escort", StartedAt = new TimeOnly(10, 1), EndedAt = new TimeOnly(10, 3), Reason = "Matrix",
                    };
                    var named = new HashSet<Guid>();
                    if (world._taught.Where(t => t.Pupil == p.Id).Select(t => (Guid?)t.User).FirstOrDefault() is { } involved)
                    {
                        incident.Staff.Add(new IncidentStaff { IncidentId = incident.Id, StaffUserId = involved, Name = "Matrix" });
                        named.Add(involved);
                    }

                    db.Add(incident);
                    world._incidents.Add(new Target(TargetKind.Incident, incident.Id, p.SchoolId, $"incident about {p.Upn} (year {p.Year}, {p.School})", p.Upn, p.Year)
                    {
                        PupilId = p.Id,
                        NamedStaff = named,
                    });
                    world._pupils.Add(new Target(TargetKind.Pupil, p.Id, p.SchoolId, $"pupil {p.Upn} (year {p.Year}, {p.School})", p.Upn, p.Year)
                    {
                        TransferId = transfer.Id,
                        ReceivedFileId = received.Id,
                        RiskAssessmentId = assessment.Id,
                        SupportPlanId = plan.Id,
                    });
                }

                await db.SaveChangesAsync();

                var concernPupils = await db.ConcernPupils.AsNoTracking()
                    .Select(cp => new { cp.ConcernId, Year = cp.Pupil!.YearGroup != null ? (int?)cp.Pupil.YearGroup.NationalCurriculumYear : null })
                    .ToListAsync();
                foreach (var c in await db.Concerns.AsNoTracking().Select(c => new { c.Id, c.SchoolId, c.Category!.DslOnly, c.ReportedByUserId, School = c.School!.Name, c.OccurredOn }).ToListAsync())
                {
                    var years = concernPupils.Where(cp => cp.ConcernId == c.Id).Select(cp => cp.Year).ToList();
                    var referral = new Referral
                    {
                        ConcernId = c.Id, Agency = ReferralAgency.Police, AgencyName = "Matrix police", MadeOn = c.OccurredOn, Method = ReferralMethod.Phone,
                        Summary = "Matrix referral", RecordedByName = "Matrix",
                    };
                    var action = new SafeguardingAction
                    {
                        ConcernId = c.Id, Description = "Matrix action", OwnerUserId = c.ReportedByUserId, OwnerName = "Matrix", DueOn = today.AddDays(7), CreatedByName = "Matrix",
                    };
                    var attachment = new ConcernAttachment
                    {
                        ConcernId = c.Id, SchoolId = c.SchoolId, FileName = "matrix.txt", Kind = AttachmentKind.Text, Length = 6, Sha256 = new string('0', 64),
                        UploadedByName = "Matrix", UploadedByUserId = c.ReportedByUserId,
                    };
                    db.AddRange(referral, action, attachment, new AttachmentContent { AttachmentId = attachment.Id, Bytes = "matrix"u8.ToArray() });
                    await db.SaveChangesAsync();
                    world._concerns.Add(new Target(TargetKind.Concern, c.Id, c.SchoolId, $"concern about year {string.Join("+", years)} in {c.School}{(c.DslOnly ? " (DSL only)" : "")}")
                    {
                        PupilYears = years,
                        DslOnly = c.DslOnly,
                        ReporterId = c.ReportedByUserId,
                        ReferralId = referral.Id,
                        ActionId = action.Id,
                        AttachmentId = attachment.Id,
                    });
                }

                Assert.True(world._concerns.Count >= 5 && world._concerns.Any(c => c.DslOnly), "the demo trust should hold concerns, one of them DSL only");
                return 0;
            });
            return world;
        }

        public IEnumerable<Target?> TargetsFor(EndpointHandler handler)
        {
            var guard = handler.Guard!;
            var kind = guard.PerPupil ? TargetKind.Pupil : KindOf(guard.Record, guard.Operation);
            if (guard.NoRecord)
            {
                return new Target?[] { null };
            }

            if (guard.List)
            {
                // A look-up by UPN is asked about each pupil; any other list is asked once.
                return kind == TargetKind.Pupil && handler.Method == "POST" ? _pupils : new Target?[] { null };
            }

            return kind switch
            {
                TargetKind.Pupil => _pupils,
                TargetKind.School => _schools,
                TargetKind.Concern => _concerns,
                TargetKind.Incident => _incidents,
                _ => _staff,
            };
        }

        public bool Allows(Dictionary<(RecordType, Operation, Role), Reach> model, Guid actor, GuardedByAttribute guard, Target? target) =>
            Assignments(actor).Any(a =>
            {
                // A concern in a DSL-only category is governed by its own row.
                var record = guard.Record == RecordType.Concern && target is { Kind: TargetKind.Concern, DslOnly: true } ? RecordType.DslOnlyConcern : guard.Record;
                var reach = model.TryGetValue((record, guard.Operation, a.Role), out var cell) ? cell : Reach.None;
                if (reach == Reach.None)
                {
                    return false;
                }

                switch (target)
                {
                    case null:
                        return true;
                    case { Kind: TargetKind.Pupil }:
                        var inSchool = Covers(a, target.SchoolId);
                        var inScope = a.KeyStages == KeyStages.None && a.Years.Count == 0
                            || (target.Year is { } year && (a.KeyStages.HasFlag(KeyStage(year)) || a.Years.Contains(year)));
                        return inSchool && ((reach.HasFlag(Reach.Scope) && inScope)
                            || reach.HasFlag(Reach.School)
                            || (reach.HasFlag(Reach.Caseload) && _caseload.Contains((actor, target.Id)))
                            || (reach.HasFlag(Reach.Taught) && _taught.Contains((actor, target.Id)))
                            || (reach.HasFlag(Reach.Named) && _named.Contains((actor, target.Id))));
                    case { Kind: TargetKind.Incident }:
                        var pupilInScope = a.KeyStages == KeyStages.None && a.Years.Count == 0
                            || (target.Year is { } incidentYear && (a.KeyStages.HasFlag(KeyStage(incidentYear)) || a.Years.Contains(incidentYear)));
                        return Covers(a, target.SchoolId) && ((reach.HasFlag(Reach.Scope) && pupilInScope)
                            || reach.HasFlag(Reach.School)
                            || (reach.HasFlag(Reach.Caseload) && _caseload.Contains((actor, target.PupilId)))
                            || (reach.HasFlag(Reach.Taught) && _taught.Contains((actor, target.PupilId)))
                            || (reach.HasFlag(Reach.Named) && target.NamedStaff.Contains(actor)));
                    case { Kind: TargetKind.School }:
                        return reach.HasFlag(Reach.Scope) && Covers(a, target.SchoolId);
                    case { Kind: TargetKind.Concern }:
                        var anyPupilInScope = a.KeyStages == KeyStages.None && a.Years.Count == 0
                            || target.PupilYears.Any(y => y is { } year && (a.KeyStages.HasFlag(KeyStage(year)) || a.Years.Contains(year)));
                        return (reach.HasFlag(Reach.Own) && target.ReporterId == actor)
                            || (Covers(a, target.SchoolId) && ((reach.HasFlag(Reach.Scope) && anyPupilInScope) || reach.HasFlag(Reach.School)));
                    default:
                        // A member of staff's log: someone who may audit a school where they hold a role.
                        return reach.HasFlag(Reach.Scope) && Assignments(target.Id).Any(theirs =>
                            _trustOfSchool.Keys.Any(school => Covers(theirs, school) && Covers(a, school)));
                }
            });

        /// <summary>What a refused request must never change.</summary>
        public static async Task<string> SnapshotAsync(AttuneApp app) => await app.QueryAsync(async db =>
        {
            var victims = await db.Users.AsNoTracking().Where(u => u.Email!.StartsWith("victim@")).OrderBy(u => u.Email)
                .Select(u => $"{u.Email}:{u.Disabled}:{u.SecurityStamp}").ToListAsync();
            var schools = await db.Schools.AsNoTracking().OrderBy(s => s.Urn).Select(s => $"{s.Urn}:{s.Version}").ToListAsync();
            var concerns = await db.Concerns.AsNoTracking().OrderBy(c => c.Id).Select(c => $"{c.Status}:{c.Version}").ToListAsync();
            return string.Join(" ", victims.Concat(schools).Concat(concerns)) + $" roles:{await db.RoleAssignments.CountAsync()} users:{await db.Users.CountAsync()} "
                + $"pupils:{await db.Pupils.CountAsync()} years:{await db.AcademicYears.CountAsync()} concerns:{await db.Concerns.CountAsync()} "
                + $"readings:{await db.ConcernReadings.CountAsync()} notifications:{await db.Notifications.CountAsync()} "
                + $"referrals:{await db.Referrals.CountAsync()}:{await db.ReferralUpdates.CountAsync()} meetings:{await db.SafeguardingMeetings.CountAsync()} "
                + $"actions:{await db.SafeguardingActions.CountAsync(a => a.DoneUtc != null)}/{await db.SafeguardingActions.CountAsync()} "
                + $"amendments:{await db.ConcernAmendments.CountAsync()} attachments:{await db.ConcernAttachments.CountAsync()} marks:{await db.BodyMarks.CountAsync()} "
                + $"emergency:{await db.EmergencyAccessGrants.CountAsync()} transfers:{await db.ProtectionFileTransfers.CountAsync(t => t.ReceiptConfirmedOn != null)}/{await db.ProtectionFileTransfers.CountAsync()} "
                + $"received:{await db.ReceivedProtectionFiles.CountAsync()} links:{await db.PupilLinks.CountAsync()}:{await db.PupilLinks.CountAsync(l => l.EndedUtc != null)} statuses:{await db.SafeguardingStatuses.CountAsync()}:{await db.SafeguardingStatuses.CountAsync(s => s.EndedOn != null)} "
                + $"allocations:{await db.KeyworkerAllocations.CountAsync()}:{await db.KeyworkerAllocations.CountAsync(k => k.EndsOn != null)} passports:{await db.PupilPassports.CountAsync()}:{await db.DocumentVersions.CountAsync()} "
                + $"sessions:{await db.KeyworkSessions.CountAsync()}:{await db.KeyworkSessions.CountAsync(k => k.NextStepsDoneUtc != null)} checkins:{await db.WellbeingCheckIns.CountAsync()} "
                + $"regulation:{await db.RegulationPlans.CountAsync()} risk:{await db.RiskAssessments.CountAsync()}:{await db.RiskAssessments.SumAsync(r => r.Version)}:{await db.RiskAssessmentShares.CountAsync()} "
                + $"supervision:{await db.SupervisionEntries.CountAsync()}:{await db.SupervisionEntries.SumAsync(e => e.Version)} "
                + $"plans:{await db.SupportPlans.CountAsync()}:{await db.SupportPlans.SumAsync(p => p.Version)} "
                + $"voice:{await db.PupilVoiceEntries.CountAsync()} goals:{await db.AdulthoodGoals.CountAsync()}:{await db.GoalProgress.CountAsync()} "
                + $"incidents:{await db.Incidents.CountAsync()}:{await db.Incidents.SumAsync(i => i.Version)}:{await db.IncidentPupils.CountAsync()} "
                + $"interventions:{await db.PhysicalInterventions.CountAsync(p => p.ReviewedUtc != null)} restorative:{await db.RestorativeRecords.CountAsync()} "
                + $"incidentoptions:{await db.IncidentOptions.CountAsync()}";
        });

        private List<Assignment> Assignments(Guid user) =>
            _assignments.TryGetValue(user, out var list) ? list : _assignments[user] = [];

        private bool Covers(Assignment a, Guid school) =>
            a.SchoolId == school || (a.SchoolId is null && _trustOfSchool.TryGetValue(school, out var trust) && trust == a.TrustId);

        private static TargetKind KindOf(RecordType record, Operation operation) => (record, operation) switch
        {
            // Reporting a concern is asked about the pupil it would be about.
            (RecordType.Concern or RecordType.Incident, Operation.Create) => TargetKind.Pupil,
            (RecordType.Incident or RecordType.PhysicalInterventionReview, _) => TargetKind.Incident,
            (RecordType.Concern or RecordType.DslOnlyConcern or RecordType.ConcernReceipt, _) => TargetKind.Concern,
            (RecordType.PupilProfile or RecordType.PupilContacts or RecordType.PupilAuditLog or RecordType.SafeguardingStatus or RecordType.EmergencyAccess or RecordType.ProtectionFileTransfer
                or RecordType.LinkedPupils or RecordType.KeyworkerAllocation or RecordType.PupilPassport or RecordType.NeedToKnowPassport
                or RecordType.KeyworkSession or RecordType.RegulationPlan or RecordType.RiskAssessment or RecordType.RiskAssessmentSignOff
                or RecordType.SupervisionRegister or RecordType.SupportPlan or RecordType.PupilVoice or RecordType.AdulthoodGoal, _) => TargetKind.Pupil,
            (RecordType.StaffAuditLog, _) => TargetKind.Staff,
            _ => TargetKind.School,
        };

        /// <summary>Key stages by national curriculum year, as the National Curriculum defines them.</summary>
        private static KeyStages KeyStage(int? year) => year switch
        {
            null => KeyStages.None,
            <= 0 => KeyStages.EarlyYears,
            <= 2 => KeyStages.KS1,
            <= 6 => KeyStages.KS2,
            <= 9 => KeyStages.KS3,
            <= 11 => KeyStages.KS4,
            _ => KeyStages.KS5,
        };
    }
}
