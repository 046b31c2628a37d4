using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansAgents.Chaos.Tests;

/// <summary>
/// The last log lines of a seed's silos (OrleansAgents at Information and above, everything else at Warning and
/// above), kept in memory and attached to the seed's failure, so that a seed that fails once under load says what its
/// cluster was doing.
/// </summary>
public sealed class RecentLogs : ILoggerProvider
{
    private const int Kept = 300;
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>The kept lines, oldest first.</summary>
    public override string ToString() => string.Join(Environment.NewLine, _lines);

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Kept && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(RecentLogs owner, string category) : ILogger
    {
        private readonly LogLevel _minimum = category.StartsWith("OrleansAgents", StringComparison.Ordinal) ? LogLevel.Information : LogLevel.Warning;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= _minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}[{eventId.Id}]: {formatter(state, exception)}{(exception is null ? "" : $" | {exception.GetType().Name}: {exception.Message}")}");
            }
        }
    }
}

/// <summary>A seed's workload failed; the message carries the cluster's last log lines (<see cref="RecentLogs"/>).</summary>
public sealed class ChaosSeedFailedException(string message, Exception inner) : Exception(message, inner);
