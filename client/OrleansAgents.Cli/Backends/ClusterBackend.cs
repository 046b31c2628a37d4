using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAgents.Agents;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Cli.Backends;

/// <summary>The agent-task API over the Orleans client (<see cref="AgentClient"/>), acting for the configured user.</summary>
internal sealed class ClusterBackend : IAgentBackend
{
    private readonly IHost _host;
    private readonly AgentClient _client;
    private readonly ConnectionSettings _settings;

    private ClusterBackend(IHost host, ConnectionSettings settings)
    {
        _host = host;
        _settings = settings;
        _client = new AgentClient(host.Services.GetRequiredService<IClusterClient>(), new AgentCaller(settings.User));
    }

    public static async Task<ClusterBackend> ConnectAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var host = ClusterHost.CreateBuilder(settings).Build();
        try
        {
            await ClusterHost.StartAsync(host, settings, cancellationToken).ConfigureAwait(false);
            return new ClusterBackend(host, settings);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public Task<AgentTaskSnapshot> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken) =>
        CallAsync(() => _client.SubmitRouteAsync(request.Route, request.Input, request.TaskId, request.Timeout), cancellationToken);

    public Task<AgentTaskSnapshot> GetAsync(string taskId, CancellationToken cancellationToken) =>
        CallAsync(() => _client.GetAsync(taskId), cancellationToken);

    public Task<AgentTaskSnapshot> CancelAsync(string taskId, CancellationToken cancellationToken) =>
        CallAsync(() => _client.CancelAsync(taskId), cancellationToken);

    public async Task<IReadOnlyList<AgentTaskSummary>> ListAsync(AgentTaskStatus? status, string? agent, int limit, CancellationToken cancellationToken)
    {
        // The listing grain keeps the user's newest tasks; filters apply to what it returns.
        var tasks = await CallAsync(() => _client.ListAsync(status is null && agent is null ? limit : int.MaxValue), cancellationToken).ConfigureAwait(false);
        return [.. tasks.Where(t => (status is null || t.Status == status) && (agent is null || t.Route.Contains(agent))).Take(limit)];
    }

    public async IAsyncEnumerable<TaskUpdate> WatchAsync(string taskId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var updates = _client.WatchEventsAsync(taskId, afterSequence, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                AgentTaskEvent next;
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    next = updates.Current;
                }
                catch (Exception exception) when (Map(exception) is { } failure)
                {
                    throw failure;
                }

                yield return TaskUpdate.From(next);
            }
        }
    }

    public Task<IReadOnlyList<AgentDescriptor>> ListAgentsAsync(CancellationToken cancellationToken) =>
        CallAsync(_client.ListAgentsAsync, cancellationToken);

    public Task PublishAsync(string topic, JsonElement payload, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            await _client.PublishAsync(topic, payload).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public IAsyncEnumerable<TopicMessage> SubscribeAsync(IReadOnlyList<string> topics, CancellationToken cancellationToken) =>
        _client.SubscribeAsync(topics, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _host.StopAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or OrleansException)
        {
            // Leaving the cluster quickly matters more than a clean goodbye.
        }

        _host.Dispose();
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Map(exception) is { } failure)
        {
            throw failure;
        }
    }

    private CliException? Map(Exception exception) => exception switch
    {
        AgentTaskNotFoundException or AgentNotFoundException => new CliException(CliExitCode.NotFound, exception.Message, exception),
        ArgumentException => new CliException(CliExitCode.Usage, exception.Message, exception),
        SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or TimeoutException =>
            new CliException(CliExitCode.Unavailable, $"Lost {_settings.Describe()}: {exception.Message}", exception),
        _ => null,
    };
}
