using System.Buffers.Text;
using System.Globalization;
using System.Text;
using OrleansAgents.Agents;

namespace OrleansAgents.Http.Tasks;

/// <summary>
/// Where a page of a listing ended: the last task's (creation time, id), the listing's order. Opaque to clients
/// (Base64url); the next page starts after that position, so tasks submitted meanwhile do not shift it.
/// </summary>
internal readonly record struct TaskCursor(long CreatedAtTicks, string TaskId)
{
    public static TaskCursor After(AgentTaskSummary task) => new(task.CreatedAt.UtcTicks, task.TaskId);

    public static bool TryParse(string text, out TaskCursor cursor)
    {
        cursor = default;
        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == decoded.Length - 1
                || !long.TryParse(decoded.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
            {
                return false;
            }

            cursor = new TaskCursor(ticks, decoded[(colon + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="task"/> comes after this position in the listing (newest first, then id descending).</summary>
    public bool Precedes(AgentTaskSummary task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var ticks = task.CreatedAt.UtcTicks;
        return ticks < CreatedAtTicks || (ticks == CreatedAtTicks && string.CompareOrdinal(task.TaskId, TaskId) < 0);
    }

    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{CreatedAtTicks}:{TaskId}")));
}
