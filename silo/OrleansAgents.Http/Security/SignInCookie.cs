using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace OrleansAgents.Http.Security;

/// <summary>The browser sign-in cookie's settings, and the choice between it and an API key.</summary>
internal static class SignInCookie
{
    /// <summary>The sign-in page; a page requested without the cookie redirects here.</summary>
    public const string LoginPath = "/login";

    /// <summary>
    /// HttpOnly, SameSite=Strict (no other site can make the browser send it, so the API accepting it is not open to
    /// cross-site requests), secure when the request is; 8 hours, sliding. A signed-in user without the rights for a
    /// page gets 403, not a redirect loop.
    /// </summary>
    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = AgentHttpAuthentication.CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        options.LoginPath = LoginPath;
        options.ReturnUrlParameter = "returnUrl";
        options.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// The scheme that authenticates a request to the API: the API key whenever the request carries one (or carries no
    /// cookie either, so a challenge says a key is missing), the cookie otherwise.
    /// </summary>
    public static string KeyOrCookie(HttpContext context)
    {
        var headers = context.Request.Headers;
        var hasKey = headers.ContainsKey(HeaderNames.Authorization) || headers.ContainsKey(AgentHttpAuthentication.ApiKeyHeader);
        return !hasKey && context.Request.Cookies.ContainsKey(AgentHttpAuthentication.CookieName)
            ? AgentHttpAuthentication.CookieScheme
            : AgentHttpAuthentication.ApiKeyScheme;
    }

    /// <summary>A local path to return to after signing in; anything else (another site, <c>//host</c>) becomes <paramref name="fallback"/>.</summary>
    public static string LocalOr(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : fallback;
}
