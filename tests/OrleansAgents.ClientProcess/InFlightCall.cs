using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;

namespace OrleansAgents.ClientProcess;

/// <summary>
/// One call held in flight: submits a slow task and waits for it in a single call, so that a test can kill the silo
/// running it and see how, and how fast, the call fails.
/// </summary>
internal static class InFlightCall
{
    public static async Task<int> RunAsync(AgentClient agents, IConfiguration configuration, TextWriter output)
    {
        var id = $"inflight-{Guid.NewGuid():N}";
        var wait = TimeSpan.FromSeconds(configuration.GetValue("WaitSeconds", 15));
        await agents.SubmitAsync("slow", new SlowInput(configuration.GetValue("Steps", 300), configuration.GetValue("StepMs", 200)), id).ConfigureAwait(false);
        output.WriteLine(JsonSerializer.Serialize(new { e = "waiting", id }));
        var started = Stopwatch.GetTimestamp();
        try
        {
            var task = await agents.WaitAsync(id, wait).ConfigureAwait(false);
            output.WriteLine(JsonSerializer.Serialize(new { e = "ended", id, status = task.Status.ToString() }));
            return 0;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                e = "failed",
                afterMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                type = exception.GetType().FullName,
                message = exception.Message.ReplaceLineEndings(" "),
            }));
            return 1;
        }
    }
}
