using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansAgents.Http.Security;

namespace OrleansAgents.Http.Pages;

/// <summary>
/// The browser's pages: <c>GET /login</c> (a form), <c>POST /login</c> (an API key for the sign-in cookie),
/// <c>POST /logout</c> and <c>GET /tasks-ui</c> (the signed-in user's tasks, served from this assembly).
/// </summary>
internal static class PageEndpoints
{
    public const string TasksPath = "/tasks-ui";

    private const string WrongKey = "The API key is not valid.";
    private static readonly ConcurrentDictionary<string, string> Templates = new();

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var pages = endpoints.MapGroup(string.Empty).ExcludeFromDescription();
        pages.MapGet(SignInCookie.LoginPath, (string? returnUrl) => LoginPage(StatusCodes.Status200OK, string.Empty, returnUrl)).AllowAnonymous();
        pages.MapPost(SignInCookie.LoginPath, SignInAsync).AllowAnonymous().DisableAntiforgery();
        pages.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(AgentHttpAuthentication.CookieScheme).ConfigureAwait(false);
            return Results.Redirect(SignInCookie.LoginPath);
        }).AllowAnonymous().DisableAntiforgery();
        pages.MapGet(TasksPath, (ClaimsPrincipal user) => Html(StatusCodes.Status200OK, Page("tasks-ui.html").Replace("{{user}}", Encode(user.ToCaller().UserId), StringComparison.Ordinal)))
            .RequireAuthorization(AgentHttpAuthentication.PagesPolicy);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, ApiKeyDirectory keys)
    {
        if (!context.Request.HasFormContentType)
        {
            return LoginPage(StatusCodes.Status400BadRequest, "Send the sign-in form.", null);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var returnUrl = form["returnUrl"].ToString();
        var key = form["key"].ToString().Trim();
        if (key.Length == 0 || keys.Find(key) is not { } found)
        {
            return LoginPage(StatusCodes.Status401Unauthorized, WrongKey, returnUrl);
        }

        await context.SignInAsync(AgentHttpAuthentication.CookieScheme, CallerPrincipal.FromKey(found, AgentHttpAuthentication.CookieScheme)).ConfigureAwait(false);
        return Results.Redirect(SignInCookie.LocalOr(returnUrl, TasksPath));
    }

    private static IResult LoginPage(int status, string error, string? returnUrl) =>
        Html(status, Page("login.html")
            .Replace("{{error}}", Encode(error), StringComparison.Ordinal)
            .Replace("{{returnUrl}}", Encode(SignInCookie.LocalOr(returnUrl, TasksPath)), StringComparison.Ordinal));

    private static IResult Html(int status, string html) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Page(string name) => Templates.GetOrAdd(name, static n =>
    {
        using var stream = typeof(PageEndpoints).Assembly.GetManifestResourceStream($"OrleansAgents.Http.Pages.{n}")
            ?? throw new InvalidOperationException($"The page {n} is not embedded in {typeof(PageEndpoints).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
