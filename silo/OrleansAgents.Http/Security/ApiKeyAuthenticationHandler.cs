using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace OrleansAgents.Http.Security;

/// <summary>
/// Authenticates a request by its API key (<c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>): the principal's
/// <see cref="ClaimTypes.NameIdentifier"/> is the key's user, with <see cref="AgentHttpAuthentication.AdminClaim"/> for admins.
/// A challenge answers 401 with a problem document saying whether the key was missing or wrong.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyDirectory keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";
    private const string MissingKey = "No API key: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.";
    private const string WrongKey = "The API key is not valid.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented() is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Find(presented) is not { } key)
        {
            Log.WrongKey(Logger, Request.Path);
            return Task.FromResult(AuthenticateResult.Fail(WrongKey));
        }

        var principal = CallerPrincipal.FromKey(key, Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = result.Failure is null ? MissingKey : WrongKey,
            },
        }).ConfigureAwait(false);
    }

    private string? Presented()
    {
        var authorization = Request.Headers[HeaderNames.Authorization].ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var key = authorization[BearerPrefix.Length..].Trim();
            return key.Length == 0 ? null : key;
        }

        var header = Request.Headers[AgentHttpAuthentication.ApiKeyHeader].ToString().Trim();
        return header.Length == 0 ? null : header;
    }

    private static partial class Log
    {
        [LoggerMessage(7001, LogLevel.Information, "A request to {Path} presented an API key that matches no configured key")]
        public static partial void WrongKey(ILogger logger, PathString path);
    }
}
