namespace OrleansAgents;

/// <summary>
/// Carries an exception thrown by a grain whose type could not be re-created on the caller's side. The
/// original type name and message are preserved.
/// </summary>
public sealed class GrainInvocationException(string originalTypeName, string message)
    : Exception($"{originalTypeName}: {message}")
{
    /// <summary>The full name of the exception type the grain threw.</summary>
    public string OriginalTypeName { get; } = originalTypeName;

    /// <summary>The message of the exception the grain threw.</summary>
    public string OriginalMessage { get; } = message;
}
