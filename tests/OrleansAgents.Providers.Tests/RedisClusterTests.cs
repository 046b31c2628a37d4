using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Providers.Tests.Servers;
using StackExchange.Redis;
using Xunit;

namespace OrleansAgents.Providers.Tests;

[Collection(RedisCollection.Name)]
public sealed class RedisClusterTests(RedisServer server)
{
    private static readonly TimeSpan TaskDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Agent_tasks_persist_in_redis_and_survive_a_full_cluster_restart()
    {
        var (serviceId, clusterId) = ($"svc-{Guid.NewGuid():N}", $"cluster-{Guid.NewGuid():N}");
        var taskId = $"redis-{Guid.NewGuid():N}";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var keys = redis.GetServer(redis.GetEndPoints().Single());
        string generatedId;

        await using (var cluster = await StartAsync(serviceId, clusterId))
        {
            var agents = cluster.ClientFor("ada");
            await agents.SubmitAsync("echo", new { text = "kept in redis" }, taskId);
            var done = await agents.WaitAsync(taskId, TaskDeadline);

            // A task given no id: the client makes one and says so, and the task is written without being read first.
            generatedId = (await agents.RunAsync("echo", new { text = "under a new id" }, TaskDeadline)).TaskId;

            // A task that outlasts the submit's inline-completion window joins the recovery index, whose shard registers
            // its sweep reminder (the echo above ends within the window and never does).
            var slow = await agents.RunAsync("slow", new Agents.Samples.SlowInput(1, 50), TaskDeadline, $"{taskId}-slow");
            Assert.Equal(AgentTaskStatus.Succeeded, slow.Status);

            Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
            Assert.NotEmpty(keys.Keys(pattern: $"*{taskId}*").ToList());
            Assert.NotEmpty(await RemindersNamed(redis, keys, serviceId, "sweep"));
        }

        await using (var cluster = await StartAsync(serviceId, clusterId))
        {
            // A submit that wrongly claims the id is new reaches an activation that read nothing: its insert-only write
            // conflicts with the stored record, and it is answered with the stored task, which stays as it was.
            var repeat = await cluster.Client.GetGrain<IAgentTaskGrain>(taskId)
                .SubmitWithOutcomeAsync(AgentTaskRequest.For("echo", new { text = "kept in redis" }, "ada") with { NewTaskId = true });
            Assert.False(repeat.Created);
            Assert.Equal(AgentTaskStatus.Succeeded, repeat.Task.Status);
            var after = await cluster.ClientFor("ada").GetAsync(taskId);
            Assert.Equal("under a new id", (await cluster.ClientFor("ada").GetAsync(generatedId)).Output!.Value.GetProperty("text").GetString());

            Assert.Equal(AgentTaskStatus.Succeeded, after.Status);
            Assert.Equal("kept in redis", after.Output!.Value.GetProperty("text").GetString());
        }
    }

    [Fact]
    public async Task A_silo_refuses_to_start_without_a_connection_string()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AgentCluster.StartAsync(
            $"svc-{Guid.NewGuid():N}", $"cluster-{Guid.NewGuid():N}",
            silo => silo.UseAgentRedis(o => o.ConnectionString = " "),
            client => client.UseAgentRedisClustering(o => o.ConnectionString = " ")));

        Assert.Contains($"{nameof(AgentRedisOptions)}.{nameof(AgentRedisOptions.ConnectionString)} must be set", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The reminder entries of the service whose field or value names <paramref name="reminder"/>.</summary>
    private static async Task<List<string>> RemindersNamed(IConnectionMultiplexer redis, IServer keys, string serviceId, string reminder)
    {
        var found = new List<string>();
        foreach (var key in keys.Keys(pattern: $"*{serviceId}*"))
        {
            var type = await redis.GetDatabase().KeyTypeAsync(key);
            var text = type switch
            {
                RedisType.Hash => string.Join('\n', (await redis.GetDatabase().HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}")),
                RedisType.SortedSet => string.Join('\n', (await redis.GetDatabase().SortedSetRangeByRankAsync(key)).Select(v => v.ToString())),
                RedisType.String => (await redis.GetDatabase().StringGetAsync(key)).ToString(),
                _ => string.Empty,
            };
            if (text.Contains(reminder, StringComparison.Ordinal))
            {
                found.Add(key.ToString());
            }
        }

        return found;
    }

    private Task<AgentCluster> StartAsync(string serviceId, string clusterId) =>
        AgentCluster.StartAsync(serviceId, clusterId,
            silo => silo.UseAgentRedis(o => o.ConnectionString = server.ConnectionString),
            client => client.UseAgentRedisClustering(o => o.ConnectionString = server.ConnectionString));
}
