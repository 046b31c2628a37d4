using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgents.Http.Agents;
using OrleansAgents.Http.Errors;
using OrleansAgents.Http.Security;
using OrleansAgents.Http.Tasks;
using OrleansAgents.Http.Topics;

namespace OrleansAgents.Hosting;

/// <summary>Puts the HTTP API (registered with <c>AddAgentHttpApi</c>) on a web host.</summary>
public static class AgentHttpEndpointExtensions
{
    /// <summary>
    /// Adds the API's middleware and maps its endpoints on a <see cref="WebApplication"/>: see
    /// <see cref="UseAgentHttpApi"/> and <see cref="MapAgentHttpApi(IEndpointRouteBuilder)"/>.
    /// </summary>
    public static RouteGroupBuilder MapAgentHttpApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAgentHttpApi();
        return ((IEndpointRouteBuilder)app).MapAgentHttpApi();
    }

    /// <summary>
    /// Adds the API's middleware, after routing and before the endpoints: problem details for every exception and every
    /// empty error response, the request body limit, authentication, authorization and the per-user rate limiter.
    /// </summary>
    public static IApplicationBuilder UseAgentHttpApi(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Read per request, not here: invalid options must fail the host's start-up validation, not the pipeline's building.
        var options = app.ApplicationServices.GetRequiredService<IOptions<AgentHttpOptions>>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            var limit = options.Value.MaxRequestBodyBytes;
            RequestBody.Limit(context, limit);
            if (RequestBody.DeclaredTooLarge(context.Request, limit))
            {
                await Problems.TooLarge(limit).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// Maps the API's endpoints (REST, Server-Sent Events and the OpenAPI document at <c>/openapi/v1.json</c>), each
    /// requiring an authenticated user and counted against that user's rate limit.
    /// </summary>
    public static RouteGroupBuilder MapAgentHttpApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(string.Empty)
            .RequireAuthorization(AgentHttpAuthentication.Policy)
            .RequireRateLimiting(AgentHttpServiceCollectionExtensions.RateLimitPolicy)
            .WithTags("OrleansAgents");
        TaskEndpoints.Map(api);
        TaskEventEndpoints.Map(api);
        AgentEndpoints.Map(api);
        TopicEndpoints.Map(api);
        api.MapOpenApi();
        return api;
    }
}
