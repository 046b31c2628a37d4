using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;

namespace OrleansAgents.Http.Sse;

/// <summary>Opens Server-Sent Events responses with the configured keep-alive interval and clock.</summary>
internal sealed class SseResponses(IServiceProvider services, IOptions<AgentHttpOptions> options)
{
    private readonly TimeProvider _time =
        services.GetKeyedService<TimeProvider>(AgentHttpServiceCollectionExtensions.TimeProviderKey)
        ?? services.GetService<TimeProvider>()
        ?? TimeProvider.System;

    public ServerSentEventStream Open(HttpResponse response) => new(response, _time, options.Value.KeepAliveInterval);
}
