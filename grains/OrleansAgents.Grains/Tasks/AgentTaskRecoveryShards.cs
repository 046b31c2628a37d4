using System.IO.Hashing;
using System.Text;

namespace OrleansAgents.Agents;

/// <summary>Which recovery index shard lists a task: a stable hash (XxHash32 of the UTF-8 id), the same on every silo and run.</summary>
internal static class AgentTaskRecoveryShards
{
    public static string For(string taskId, int shards) => Key(Bucket(taskId, shards));

    /// <summary>
    /// Which of <paramref name="buckets"/> buckets <paramref name="taskId"/> falls in, by the same stable hash (also the
    /// page of a user's listing that holds the task, <see cref="UserTasksGrain"/>).
    /// </summary>
    public static int Bucket(string taskId, int buckets) => (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(taskId)) % (uint)buckets);

    /// <summary>The grain keys of all <paramref name="shards"/> shards.</summary>
    public static IEnumerable<string> All(int shards) => Enumerable.Range(0, shards).Select(Key);

    private static string Key(int shard) => shard.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
