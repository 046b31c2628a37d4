namespace OrleansAgents.Testing;

/// <summary>What happens to a silo at a <see cref="SiloFault"/>.</summary>
public enum SiloFaultKind
{
    /// <summary>
    /// A crash: the silo's decorated storage is fenced (a dead process writes nothing, though its code still runs in the
    /// test process), it is killed without a graceful stop (Orleans' <c>KillSiloAsync</c>), and a new silo joins.
    /// </summary>
    Kill,

    /// <summary>A graceful stop (its activations deactivate), and a new silo joins.</summary>
    Stop,

    /// <summary>A graceful stop and a restart of the same silo instance (Orleans' <c>RestartSiloAsync</c>).</summary>
    Restart,
}
