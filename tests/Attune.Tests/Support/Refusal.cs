using System.Net;

namespace Attune.Tests.Support;

/// <summary>How a refusal looks from outside: 404 for a record, 403 from the API for a caller with no such role, or a page section's access-denied redirect.</summary>
public static class Refusal
{
    public static void Assert(HttpResponseMessage response) =>
        Xunit.Assert.True(
            response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden
            || response.Headers.Location?.OriginalString.Contains("/access-denied", StringComparison.Ordinal) == true,
            $"answered {response.StatusCode}{(response.Headers.Location is { } location ? " → " + location : "")}");
}
