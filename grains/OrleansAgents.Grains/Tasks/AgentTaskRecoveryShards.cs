using System.IO.Hashing;
using System.Text;

namespace OrleansAgents.Agents;

/// <summary>Which recovery index shard lists a task: a stable hash (XxHash32 of the UTF-8 id), the same on every silo and run.</summary>
internal static class AgentTaskRecoveryShards
{
    public static string For(string taskId, int shards)
    {
        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(taskId));
        return Key((int)(hash % (uint)shards));
    }

    /// <summary>The grain keys of all <paramref name="shards"/> shards.</summary>
    public static IEnumerable<string> All(int shards) => Enumerable.Range(0, shards).Select(Key);

    private static string Key(int shard) => shard.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
