using Microsoft.Extensions.Logging;

namespace OrleansAgents.Runtime;

internal static partial class Log
{
    [LoggerMessage(1005, LogLevel.Debug, "Dropped a second copy of request #{Id} from {Sender}")]
    public static partial void DuplicateRequestDropped(ILogger logger, long id, SiloAddress sender);
}
