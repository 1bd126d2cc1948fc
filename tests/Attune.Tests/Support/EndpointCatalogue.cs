using System.Reflection;
using Attune.Platform.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Attune.Tests.Support;

/// <summary>
/// One thing a client can ask of the app: a page handler (GET, POST, POST ?handler=Name) or an API endpoint,
/// with the access-model row that guards it.
/// </summary>
public sealed record EndpointHandler(
    string Route,
    string Method,
    string? HandlerName,
    GuardedByAttribute? Guard,
    IReadOnlyList<string> Parameters,
    IReadOnlyList<string> BoundStrings,
    Type? JsonBody,
    bool IsApi,
    bool IgnoresAntiforgery = false)
{
    public override string ToString() => $"{Method} {Route}{(HandlerName is null ? "" : "?handler=" + HandlerName)}";
}

/// <summary>Every page handler and API endpoint of the running app, found from its routing table, never listed by hand.</summary>
public static class EndpointCatalogue
{
    public static async Task<List<EndpointHandler>> DiscoverAsync(AttuneApp app)
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var handlers = new List<EndpointHandler>();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        foreach (var endpoint in endpoints)
        {
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var routeParameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var modelGuard = compiled.ModelTypeInfo?.GetCustomAttribute<GuardedByAttribute>();
                var ignoresAntiforgery = compiled.ModelTypeInfo?.GetCustomAttribute<Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute>() is not null;
                var boundStrings = compiled.BoundProperties
                    .Where(p => p.ParameterType == typeof(string))
                    .Select(p => p.Name)
                    .ToList();
                foreach (var handler in compiled.HandlerMethods)
                {
                    var parameters = handler.MethodInfo.GetParameters().Select(p => p.Name!).Union(routeParameters).ToList();
                    handlers.Add(new EndpointHandler(route, handler.HttpMethod.ToUpperInvariant(), handler.Name,
                        handler.MethodInfo.GetCustomAttribute<GuardedByAttribute>() ?? modelGuard, parameters, boundStrings, null, IsApi: false, ignoresAntiforgery));
                }

                if (compiled.HandlerMethods.Count == 0)
                {
                    handlers.Add(new EndpointHandler(route, "GET", null, modelGuard, routeParameters, boundStrings, null, IsApi: false));
                }

                continue;
            }

            var jsonBody = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                handlers.Add(new EndpointHandler(route, method, null, endpoint.Metadata.GetMetadata<GuardedByAttribute>(), routeParameters, [], jsonBody,
                    IsApi: route.StartsWith("/api/", StringComparison.Ordinal)));
            }
        }

        return [.. handlers.DistinctBy(h => h.ToString())];
    }

    /// <summary>A route with each parameter filled in, e.g. "/pupils/{id:guid}" with the id of a pupil.</summary>
    public static string Fill(string route, Func<string, string?> valueOf) =>
        System.Text.RegularExpressions.Regex.Replace(route, "\\{([^}:?]+)[^}]*\\}", match =>
            valueOf(match.Groups[1].Value)
            ?? throw new InvalidOperationException($"Nothing to put in {{{match.Groups[1].Value}}} of {route}: teach the test what it means."));
}
