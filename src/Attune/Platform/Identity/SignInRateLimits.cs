using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Attune.Platform.Identity;

public sealed class RateLimitOptions
{
    /// <summary>
    /// Sign-in, second-factor and password attempts allowed per minute from one address. A whole school can
    /// sit behind one address, so this is generous; per-account lockout stops guessing at one account.
    /// </summary>
    public int SignInAttemptsPerMinute { get; set; } = 60;
}

/// <summary>Rate limits on the sign-in, second-factor and password pages, per client address.</summary>
public static class SignInRateLimits
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Attune:RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Policy, context =>
                HttpMethods.IsPost(context.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = options.SignInAttemptsPerMinute,
                            Window = TimeSpan.FromMinutes(1),
                            QueueLimit = 0,
                        })
                    : RateLimitPartition.GetNoLimiter("get"));
        });
        return services;
    }
}
