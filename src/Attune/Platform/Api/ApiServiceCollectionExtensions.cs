using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Attune.Platform.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The API's own policy: a personal access token (never a cookie) whose owner holds the grant.</summary>
    public const string Policy = "Api";

    public static IServiceCollection AddAttuneApi(this IServiceCollection services)
    {
        new AuthenticationBuilder(services).AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new SecondFactorRequirement()));
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Attune API";
            document.Info.Description = "Authenticate with a personal access token (Account > API tokens): `Authorization: Bearer attune_...`. "
                + "Every call has the same need-to-know authorization as the pages; refusals of a record answer 404.";
            return Task.CompletedTask;
        }));
        return services;
    }

    public static RouteGroupBuilder MapAttuneApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policy).DisableAntiforgery();
        api.MapOpenApi("/openapi.json");
        return api;
    }
}
