namespace OrleansAgents.Testing;

/// <summary>
/// Faults injected into incoming calls to one grain interface (or one of its methods) by the chaos call filter. Rates are
/// probabilities in [0, 1] drawn per call from the <see cref="ChaosSeed"/>.
/// </summary>
public sealed class CallFaultRule
{
    /// <summary>Faults for calls to <paramref name="grainInterface"/>, to its method <paramref name="method"/> only when given.</summary>
    public CallFaultRule(Type grainInterface, string? method = null)
    {
        ArgumentNullException.ThrowIfNull(grainInterface);
        if (!grainInterface.IsInterface)
        {
            throw new ArgumentException($"{grainInterface} is not an interface: a call fault rule names a grain interface.", nameof(grainInterface));
        }

        if (method is not null && !grainInterface.GetMethods().Any(m => m.Name == method))
        {
            throw new ArgumentException($"{grainInterface} has no method '{method}'.", nameof(method));
        }

        Interface = grainInterface;
        Method = method;
    }

    /// <summary>The grain interface whose calls this rule hits (calls through interfaces derived from it too).</summary>
    public Type Interface { get; }

    /// <summary>The method whose calls this rule hits; every method of <see cref="Interface"/> when <c>null</c>.</summary>
    public string? Method { get; }

    /// <summary>How often a call fails before the grain runs it (<see cref="Exception"/>).</summary>
    /// <value>0.</value>
    public double ExceptionRate { get; set; }

    /// <summary>
    /// How often a call runs to its end in the grain but its caller gets a <see cref="TimeoutException"/> instead of the
    /// answer (a response lost on the way back: the call was applied, its caller does not know).
    /// </summary>
    /// <value>0.</value>
    public double LostResponseRate { get; set; }

    /// <summary>How often a call waits, before it runs, for a delay drawn in (0, <see cref="MaxDelay"/>] (on the cluster's clock).</summary>
    /// <value>0.</value>
    public double DelayRate { get; set; }

    /// <summary>
    /// The longest injected delay. A delay past the caller's response timeout (Orleans' 30 s, on the fake clock in a kit
    /// cluster) makes the caller time out while the call still runs later: a lost response of its own.
    /// </summary>
    /// <value>1 second.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Makes the exception of a failed call from a description of the fault; <see cref="InjectedFaultException"/> when <c>null</c>.</summary>
    /// <value><c>null</c>.</value>
    public Func<string, Exception>? Exception { get; set; }

    internal bool Matches(System.Reflection.MethodInfo method) =>
        method.DeclaringType is { } declaring && Interface.IsAssignableFrom(declaring) && (Method is null || Method == method.Name);

    internal void Validate()
    {
        foreach (var (rate, name) in new[] { (ExceptionRate, nameof(ExceptionRate)), (LostResponseRate, nameof(LostResponseRate)), (DelayRate, nameof(DelayRate)) })
        {
            if (rate is < 0 or > 1 || double.IsNaN(rate))
            {
                throw new ArgumentOutOfRangeException(name, rate, $"{nameof(CallFaultRule)}.{name} of {Interface.Name} must be within [0, 1].");
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, TimeSpan.Zero, nameof(MaxDelay));
    }
}
