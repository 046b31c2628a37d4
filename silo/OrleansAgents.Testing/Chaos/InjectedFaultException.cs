namespace OrleansAgents.Testing;

/// <summary>
/// A failure injected by chaos testing (a storage operation or a grain call), never a real one. An <see cref="IOException"/>,
/// as a storage or network failure would be; crosses silos and clients with its type and message.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Alias("oa.InjectedFaultException")]
public sealed class InjectedFaultException : IOException
{
    /// <summary>Creates the exception.</summary>
    public InjectedFaultException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public InjectedFaultException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public InjectedFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
