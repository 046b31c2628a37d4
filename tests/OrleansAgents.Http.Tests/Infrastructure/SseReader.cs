using System.Text;

namespace OrleansAgents.Http.Tests.Infrastructure;

/// <summary>One Server-Sent Event as received.</summary>
public sealed record SseEvent(string? Id, string? Event, string Data, IReadOnlyList<string> Comments);

/// <summary>Reads a <c>text/event-stream</c> body event by event (comments are kept with the next event or returned alone).</summary>
public sealed class SseReader(Stream stream)
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The next event or comment block; <c>null</c> at the end of the stream.</summary>
    public async Task<SseEvent?> NextAsync(CancellationToken cancellationToken)
    {
        string? id = null, name = null;
        var data = new StringBuilder();
        var comments = new List<string>();
        var any = false;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (any)
                {
                    return new SseEvent(id, name, data.ToString(), comments);
                }

                continue;
            }

            any = true;
            if (line.StartsWith(':'))
            {
                comments.Add(line[1..].Trim());
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }

        return null;
    }
}
