using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAgents.Http.Errors;
using OrleansAgents.Http.Security;
using OrleansAgents.Http.Sse;

namespace OrleansAgents.Hosting;

/// <summary>Registers the HTTP API's services; map it with <c>app.MapAgentHttpApi()</c>.</summary>
public static class AgentHttpServiceCollectionExtensions
{
    /// <summary>
    /// The key of an optional keyed <see cref="TimeProvider"/> for the API alone (keep-alive timing), so a test can fake
    /// it without faking the silo's clock; without it the unkeyed one (or the system clock) is used.
    /// </summary>
    public const string TimeProviderKey = "OrleansAgents.Http";

    /// <summary>The rate limiter policy every endpoint of the API uses: a token bucket per user.</summary>
    public const string RateLimitPolicy = "OrleansAgents.PerUser";

    /// <summary>
    /// Registers the HTTP API: options from <paramref name="configuration"/>'s <c>OrleansAgents:Http</c> section
    /// (validated on start), API-key authentication, the authorization policy, the per-user rate limiter, problem
    /// details, JSON (camelCase, enums as strings), the OpenAPI document, and Kestrel's socket transport scheduling
    /// (<see cref="AgentHttpOptions.InlineSocketScheduling"/>). Needs an <see cref="IClusterClient"/>
    /// (a silo's or <c>UseOrleansClient</c>'s).
    /// </summary>
    public static IServiceCollection AddAgentHttpApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AgentHttpOptions>().Bind(configuration.GetSection(AgentHttpOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentHttpOptions>, AgentHttpOptionsValidator>());

        // Read from the section itself, not IOptions<AgentHttpOptions>: Kestrel builds its transport when the host is built,
        // and the options' validation belongs to start (a bad value there is reported by the options' own binding).
        services.AddOptions<SocketTransportOptions>().Configure(transport => transport.UnsafePreferInlineScheduling =
            bool.TryParse(configuration.GetSection(AgentHttpOptions.SectionName)[nameof(AgentHttpOptions.InlineSocketScheduling)], out var inline)
                ? inline
                : AgentHttpOptions.DefaultInlineSocketScheduling);

        services.TryAddSingleton<ApiKeyDirectory>();
        services.TryAddSingleton<AgentClients>();
        services.TryAddSingleton<SseResponses>();
        services.AddRouting();
        services.AddProblemDetails();
        services.AddExceptionHandler<AgentExceptionHandler>();
        services.ConfigureHttpJsonOptions(json =>
        {
            if (!json.SerializerOptions.Converters.OfType<JsonStringEnumConverter>().Any())
            {
                json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            }
        });

        services.AddAuthentication(AgentHttpAuthentication.ApiKeyScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AgentHttpAuthentication.ApiKeyScheme, null)
            .AddCookie(AgentHttpAuthentication.CookieScheme, SignInCookie.Configure)
            .AddPolicyScheme(AgentHttpAuthentication.KeyOrCookieScheme, "API key or sign-in cookie", policy =>
            {
                policy.ForwardDefaultSelector = SignInCookie.KeyOrCookie;
                policy.ForwardChallenge = AgentHttpAuthentication.ApiKeyScheme;
                policy.ForwardForbid = AgentHttpAuthentication.ApiKeyScheme;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(AgentHttpAuthentication.Policy, policy => policy
                .AddAuthenticationSchemes(AgentHttpAuthentication.KeyOrCookieScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ClaimTypes.NameIdentifier))
            .AddPolicy(AgentHttpAuthentication.PagesPolicy, policy => policy
                .AddAuthenticationSchemes(AgentHttpAuthentication.CookieScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ClaimTypes.NameIdentifier))
            .AddPolicy(AgentHttpAuthentication.DashboardPolicy, policy => policy
                .AddAuthenticationSchemes(AgentHttpAuthentication.CookieScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(AgentHttpAuthentication.AdminClaim, "true"));

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AgentHttpOptions>>((limiter, http) =>
        {
            var options = http.Value;
            limiter.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty,
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RateLimitBurst,
                    TokensPerPeriod = options.RateLimitPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteRateLimitedAsync;
        });

        services.AddOpenApi();
        return services;
    }

    private static async ValueTask WriteRateLimitedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = ProblemTypes.RateLimited,
                Title = "Too many requests",
                Detail = $"This user's request rate is over the limit; retry after {seconds} s.",
            },
        }).ConfigureAwait(false);
    }
}
