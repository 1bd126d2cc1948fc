using Attune.Features.Demo;
using Attune.Features.Incidents;
using Attune.Features.Keywork;
using Attune.Features.Pupils;
using Attune.Features.Pupils.Import;
using Attune.Features.Safeguarding;
using Attune.Platform.Api;
using Attune.Platform.Auditing;
using Attune.Platform.Authorization;
using Attune.Platform.Data;
using Attune.Platform.Identity;
using Attune.Platform.Notifications;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;

namespace Attune.Platform.Web;

/// <summary>Composition: one line per platform service and feature.</summary>
public static class AttuneApplication
{
    public static void AddAttune(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);

        // Request logging would write addresses (with a password reset link's token) into the log.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);

        services.AddAttuneData(builder.Configuration);
        services.AddAttuneIdentity(builder.Configuration);
        services.AddSignInRateLimits(builder.Configuration);
        services.AddAttuneAuthorization();
        services.AddAttuneApi();
        services.AddAttuneNotifications(builder.Configuration);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AttuneAuthorizationResultHandler>();
        services.AddAttuneDemo();
        services.AddScoped<Features.Staff.StaffAdministration>();
        services.AddScoped<Features.Pupils.Import.PupilImporter>();
        services.AddScoped<Features.Audit.AuditQueries>();
        services.AddScoped<Features.Safeguarding.ConcernReporting>();
        services.AddScoped<Features.Safeguarding.ConcernCategories>();
        services.AddScoped<Features.Safeguarding.ConcernCasework>();
        services.AddScoped<Features.Safeguarding.MultiAgencyWork>();
        services.AddScoped<Features.Safeguarding.ConcernCorrections>();
        services.AddScoped<Features.Safeguarding.Chronology>();
        services.AddScoped<Features.Safeguarding.SafeguardingStatuses>();
        services.AddScoped<Features.Safeguarding.ReferralEscalation>();
        services.AddScoped<Features.Safeguarding.ConcernAttachments>();
        services.AddScoped<Features.Safeguarding.SafeguardingDashboard>();
        services.AddScoped<Features.Safeguarding.SafeguardingRetention>();
        services.AddScoped<Features.Safeguarding.EmergencyAccess>();
        services.AddScoped<Features.Safeguarding.LinkedPupils>();
        services.AddScoped<Features.Safeguarding.SafeguardingSettings>();
        services.AddScoped<Features.Safeguarding.Transfer.ProtectionFileTransfers>();
        services.AddScoped<Features.Keywork.KeyworkerAllocations>();
        services.AddScoped<Features.Keywork.PupilPassports>();
        services.AddScoped<Features.Keywork.KeyworkSessions>();
        services.AddScoped<Features.Keywork.Caseloads>();
        services.AddScoped<Features.Keywork.RegulationPlans>();
        services.AddScoped<Features.Keywork.RiskAssessments>();
        services.AddScoped<Features.Keywork.SupervisionRegister>();
        services.AddScoped<Features.Keywork.SupportPlans>();
        services.AddScoped<Features.Keywork.PupilVoiceAndAdulthood>();
        services.AddScoped<Features.Keywork.KeyworkSettings>();
        services.AddScoped<Features.Incidents.Incidents>();
        services.AddScoped<Features.Incidents.IncidentSettings>();
        services.AddScoped<Features.Incidents.IncidentTrends>();
        services.AddScoped<Features.Incidents.StaffBriefings>();
        services.Configure<Platform.Documents.PdfOptions>(builder.Configuration.GetSection("Pdf"));
        services.AddSingleton<Platform.Documents.PdfRenderer>();
        services.AddHostedService<Features.Safeguarding.SafeguardingRoundsService>();
        services.AddDataProtection()
            .SetApplicationName("Attune")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(DataServiceCollectionExtensions.DataDirectory(builder.Configuration), "keys")));
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "attune.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddRazorPages(options =>
        {
            // Pages live in their feature folders (Features/*/Pages) and declare absolute routes.
            options.RootDirectory = "/";
            options.Conventions.AuthorizeFolder("/Features/Pupils/Pages", Policies.PupilRecords);
            options.Conventions.AuthorizeFolder("/Features/Schools/Pages", Policies.SchoolAdministration);
            options.Conventions.AuthorizeFolder("/Features/Staff/Pages", Policies.StaffAdministration);
            options.Conventions.AuthorizeFolder("/Features/Pupils/Import/Pages", Policies.PupilImport);
            options.Conventions.AuthorizeFolder("/Features/Audit/Pages", Policies.AuditLog);
            options.Conventions.AuthorizeFolder("/Features/Safeguarding/Pages/Reporting", Policies.ConcernReporting);
            options.Conventions.AuthorizeFolder("/Features/Safeguarding/Pages/Casework", Policies.SafeguardingCasework);
            options.Conventions.AuthorizeFolder("/Features/Safeguarding/Pages/ChildProtectionFile", Policies.SafeguardingCasework);
            options.Conventions.AuthorizeFolder("/Features/Safeguarding/Pages/EmergencyAccess", Policies.EmergencyAccess);
            options.Conventions.AuthorizeFolder("/Features/Keywork/Pages", Policies.Keywork);
            options.Conventions.AuthorizeFolder("/Features/Keywork/NeedToKnow", Policies.NeedToKnow);
            options.Conventions.AuthorizeFolder("/Features/Incidents/Pages", Policies.Incidents);
            options.Conventions.AuthorizeFolder("/Platform/Identity/Pages/Account", Policies.Staff);
            options.Conventions.AuthorizeFolder("/Platform/Notifications/Pages", Policies.Staff);
            options.Conventions.AllowAnonymousToFolder("/Platform/Identity/Pages/SignIn");
            options.Conventions.AuthorizeFolder("/Platform/Identity/Pages/SignOut", Policies.SignedIn);
            options.Conventions.AllowAnonymousToFolder("/Platform/Web/Pages/Errors");
            options.Conventions.AuthorizeFolder("/Platform/Web/Pages/Home", Policies.Staff);
        });
    }

    public static void UseAttune(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            StatusCodeSelector = exception => exception switch
            {
                NotFoundException => StatusCodes.Status404NotFound,
                ValidationException => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseRouting();
        app.Use(async (context, next) =>
        {
            var audit = context.RequestServices.GetRequiredService<AuditTrail>();
            audit.Actor = new AuditActor(null, "anonymous", context.Connection.RemoteIpAddress?.ToString());
            await next();
        });
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        app.MapRazorPages();
        app.MapPupils();
        var api = app.MapAttuneApi();
        api.MapPupilApi();
        api.MapPupilImportApi();
        api.MapConcernApi();
        api.MapCaseworkApi();
        api.MapKeyworkApi();
        api.MapIncidentApi();
    }

    /// <summary>Migrates when configured to (the default for SQLite) and seeds the demo trust on a new embedded database.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (options.ShouldMigrateOnStart)
        {
            await db.Database.MigrateAsync();
        }

        var demoRequested = app.Configuration.GetValue<bool?>("Attune:Demo:Seed");
        if (demoRequested ?? options.IsEmbeddedDefault)
        {
            var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
            if (await seeder.SeedIfEmptyAsync())
            {
                DemoSeeder.PrintSignIns(Console.Out);
            }
        }
    }
}
