namespace OrleansAgents.Runtime;

/// <summary>A silo's status in the membership table.</summary>
public enum SiloStatus
{
    /// <summary>Starting; not yet a placement target.</summary>
    Joining = 0,

    /// <summary>Running and a placement target.</summary>
    Active = 1,

    /// <summary>Stopping gracefully; no longer a placement target.</summary>
    ShuttingDown = 2,

    /// <summary>Stopped or declared dead. A dead silo never comes back; a restart is a new generation.</summary>
    Dead = 3,
}
