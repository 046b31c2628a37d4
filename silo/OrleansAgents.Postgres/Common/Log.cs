using Microsoft.Extensions.Logging;

namespace OrleansAgents.Postgres;

/// <summary>The PostgreSQL providers' log messages, source-generated, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Debug, "{Provider} ensured table {Table}")]
    public static partial void SchemaEnsured(ILogger logger, string provider, string table);

    [LoggerMessage(5002, LogLevel.Debug, "{Provider} retries creating table {Table}: another process created an object at the same time")]
    public static partial void SchemaRace(ILogger logger, Exception exception, string provider, string table);

    [LoggerMessage(5003, LogLevel.Warning, "{Provider} could not {Operation}")]
    public static partial void OperationFailed(ILogger logger, Exception exception, string provider, string operation);

    [LoggerMessage(5004, LogLevel.Debug, "{Provider} refused to {Operation}: expected ETag {Expected}, found {Found}")]
    public static partial void StaleEtag(ILogger logger, string provider, string operation, string expected, string found);
}
