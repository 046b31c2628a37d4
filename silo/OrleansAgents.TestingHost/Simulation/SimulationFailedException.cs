namespace OrleansAgents.TestingHost;

/// <summary>A simulation failed: a hang, a deadlock, a violated invariant, a leak, or the test body threw. The message names the seed and how to rerun it.</summary>
public sealed class SimulationFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SimulationFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SimulationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
