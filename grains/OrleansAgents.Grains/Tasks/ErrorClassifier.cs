namespace OrleansAgents.Agents;

/// <summary>Decides whether an agent's exception may be retried.</summary>
internal static class ErrorClassifier
{
    public static bool IsRetryable(Exception exception, AgentOptions options) => exception switch
    {
        AgentFailedException failed => failed.Retryable,
        OutOfMemoryException => true,
        _ => !options.FatalExceptions.Any(fatal => fatal.IsInstanceOfType(exception)),
    };

    public static AgentError ToError(Exception exception, bool retryable, string? step) =>
        new(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, retryable, step);
}
