using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansAgents.Agents;

namespace OrleansAgents.SiloHost.Demo;

/// <summary>The demo's lines: one per observed change of a task, and one per task in the summary.</summary>
internal static class DemoFormat
{
    /// <summary>
    /// <c>name: Status N% step i/n (agent)[, attempt a][, "progress message"][, k child tasks][, retryable|fatal error Type: message | , retried after Type: message][, output json]</c>.
    /// </summary>
    public static string Status(string name, AgentTaskSnapshot task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var step = Math.Min(task.StepIndex, task.Route.Count - 1);
        var line = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{name}: {task.Status} {task.Progress.Percent:0}% step {step + 1}/{task.Route.Count} ({task.Route[step]})");
        if (task.Attempts > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $", attempt {task.Attempts}");
        }

        if (task.Progress.Message is { } message)
        {
            line.Append(CultureInfo.InvariantCulture, $", \"{message}\"");
        }

        if (task.ChildTaskIds.Count > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $", {task.ChildTaskIds.Count} child tasks");
        }

        if (task.Error is { } error)
        {
            line.Append(task.Status == AgentTaskStatus.Succeeded ? ", retried after " : error.Retryable ? ", retryable error " : ", fatal error ")
                .Append(Error(error));
        }

        if (task.Output is { } output)
        {
            line.Append(", output ").Append(Json(output));
        }

        return line.ToString();
    }

    /// <summary><c>summary name: Status as expected|NOT AS EXPECTED (why), a attempts in t ms[: error][, output]</c>.</summary>
    public static string Summary(DemoTask demo, AgentTaskSnapshot task)
    {
        ArgumentNullException.ThrowIfNull(demo);
        ArgumentNullException.ThrowIfNull(task);
        var mismatch = demo.Mismatch(task);
        var took = task.CompletedAt is { } completed ? (completed - task.CreatedAt).TotalMilliseconds : 0;
        var line = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"summary {demo.Name}: {task.Status} ")
            .Append(mismatch is null ? "as expected" : $"NOT AS EXPECTED ({mismatch})")
            .Append(CultureInfo.InvariantCulture, $", {task.Attempts} attempt{(task.Attempts == 1 ? string.Empty : "s")} in {took:0} ms");
        if (task.Status == AgentTaskStatus.Cancelled)
        {
            line.Append(CultureInfo.InvariantCulture, $" at {task.Progress.Percent:0}%");
        }

        if (task.Error is { } error)
        {
            line.Append(task.Status == AgentTaskStatus.Succeeded ? ", retried after " : ": ").Append(Error(error));
        }

        if (task.ChildTaskIds.Count > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $", {task.ChildTaskIds.Count} child tasks");
        }

        if (task.Output is { } output)
        {
            line.Append(", output ").Append(Json(output));
        }

        return line.ToString();
    }

    /// <summary>Compact JSON with non-ASCII text left readable (the stored form escapes it).</summary>
    private static string Json(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The error's short type name and message.</summary>
    private static string Error(AgentError error) => $"{error.Type[(error.Type.LastIndexOf('.') + 1)..]}: {error.Message}";
}
