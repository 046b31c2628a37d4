using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrleansAgents.Hosting;

/// <summary>
/// Answers a POST whose body is not JSON with JSON-RPC's parse error (-32700, <c>id</c> null) and HTTP 400, as
/// JSON-RPC 2.0 prescribes; the SDK answers it as an invalid request (-32600). Every other request goes to the SDK.
/// </summary>
internal static class JsonRpcParseErrors
{
    private static readonly byte[] ParseError = JsonSerializer.SerializeToUtf8Bytes(new
    {
        jsonrpc = "2.0",
        id = (string?)null,
        error = new { code = -32700, message = "Parse error: the request body is not valid JSON." },
    });

    public static void Guard(EndpointBuilder endpoint)
    {
        if (endpoint.RequestDelegate is not { } inner
            || !endpoint.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Post, StringComparer.OrdinalIgnoreCase)))
        {
            return;
        }

        endpoint.RequestDelegate = async context =>
        {
            if (!await IsJsonAsync(context.Request).ConfigureAwait(false))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(ParseError, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await inner(context).ConfigureAwait(false);
        };
    }

    private static async Task<bool> IsJsonAsync(HttpRequest request)
    {
        request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
