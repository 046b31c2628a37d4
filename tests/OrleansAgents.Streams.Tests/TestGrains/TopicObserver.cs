using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Streams.Tests.TestGrains;

/// <summary>An observer of topic messages from a delegate.</summary>
public sealed class TopicObserver(Func<TopicMessage, Task> onNext) : IAsyncObserver<TopicMessage>
{
    public Task OnNextAsync(TopicMessage item, StreamSequenceToken? token = null) => onNext(item);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
