using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace OrleansAgents.Http.Errors;

/// <summary>
/// Reads a request body as JSON within the size limit: a declared length over it is refused before reading, a chunked
/// body as soon as it passes it. Malformed JSON is a 400 that says where, not an exception.
/// </summary>
internal static class RequestBody
{
    /// <summary>Applies the limit to the server too (Kestrel stops reading a larger body itself).</summary>
    public static void Limit(HttpContext context, long limit)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
    }

    /// <summary>Whether the request declares a body over the limit.</summary>
    public static bool DeclaredTooLarge(HttpRequest request, long limit) => request.ContentLength > limit;

    /// <summary>The body parsed as JSON, or the problem to answer with.</summary>
    public static async Task<(JsonDocument? Json, IResult? Problem)> ReadJsonAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (DeclaredTooLarge(request, limit))
        {
            return (null, Problems.TooLarge(limit));
        }

        var buffer = new ArrayBufferWriter<byte>();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.WrittenCount + read > limit)
            {
                return (null, Problems.TooLarge(limit));
            }

            buffer.Write(chunk.AsSpan(0, read));
        }

        if (buffer.WrittenCount == 0)
        {
            return (null, Problems.BadRequest("The request needs a JSON body."));
        }

        try
        {
            return (JsonDocument.Parse(buffer.WrittenMemory.ToArray()), null);
        }
        catch (JsonException exception)
        {
            return (null, Problems.BadRequest($"The body is not valid JSON: {exception.Message}"));
        }
    }
}
