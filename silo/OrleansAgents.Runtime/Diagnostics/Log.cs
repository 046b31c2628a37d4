using Microsoft.Extensions.Logging;

namespace OrleansAgents.Runtime;

/// <summary>The runtime's log messages, source-generated, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning, "One-way call {Method} to {Target} failed")]
    public static partial void OneWayCallFailed(ILogger logger, Exception exception, string method, object target);

    [LoggerMessage(1002, LogLevel.Warning, "Could not report silo {Silo} as unreachable")]
    public static partial void MembershipReportFailed(ILogger logger, Exception exception, SiloAddress silo);

    [LoggerMessage(1003, LogLevel.Debug, "{Kind} #{Id} could not be delivered to {Target}: it has left")]
    public static partial void ResponseUndeliverable(ILogger logger, MessageKind kind, long id, SiloAddress target);

    [LoggerMessage(1004, LogLevel.Warning, "Dropped a malformed frame of {Length} bytes")]
    public static partial void MalformedFrame(ILogger logger, Exception? exception, int length);

    [LoggerMessage(2001, LogLevel.Error, "Activation of {Grain} failed")]
    public static partial void ActivationFailed(ILogger logger, Exception exception, GrainId grain);

    [LoggerMessage(2002, LogLevel.Warning, "Deactivation of {Grain} failed or timed out")]
    public static partial void DeactivationFailed(ILogger logger, Exception exception, GrainId grain);

    [LoggerMessage(2003, LogLevel.Error, "A work item of {Grain} threw")]
    public static partial void WorkItemFailed(ILogger logger, Exception exception, GrainId grain);

    [LoggerMessage(2004, LogLevel.Warning, "Timer callback of {Grain} threw")]
    public static partial void TimerFailed(ILogger logger, Exception exception, GrainId grain);

    [LoggerMessage(3001, LogLevel.Information, "Silo {Silo} joined cluster {ClusterId}")]
    public static partial void SiloJoined(ILogger logger, SiloAddress silo, string clusterId);

    [LoggerMessage(3002, LogLevel.Information, "Cluster view changed: {View}")]
    public static partial void ViewChanged(ILogger logger, ClusterView view);

    [LoggerMessage(3003, LogLevel.Warning, "Declared silo {Silo} dead: {Reason}")]
    public static partial void DeclaredDead(ILogger logger, SiloAddress silo, string reason);

    [LoggerMessage(3004, LogLevel.Error, "This silo {Silo} was declared dead by the cluster; stopping")]
    public static partial void SelfDeclaredDead(ILogger logger, SiloAddress silo);

    [LoggerMessage(3005, LogLevel.Warning, "Membership refresh failed")]
    public static partial void MembershipRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(3006, LogLevel.Information, "Silo {Silo} stopping ({Activations} activations)")]
    public static partial void SiloStopping(ILogger logger, SiloAddress silo, int activations);

    [LoggerMessage(3007, LogLevel.Information, "Silo {Silo} stopped")]
    public static partial void SiloStopped(ILogger logger, SiloAddress silo);

    [LoggerMessage(3008, LogLevel.Warning, "Silo {Silo} was killed")]
    public static partial void SiloKilled(ILogger logger, SiloAddress silo);

    [LoggerMessage(4001, LogLevel.Warning, "Reminder {Reminder} of {Grain} failed")]
    public static partial void ReminderFailed(ILogger logger, Exception exception, string reminder, GrainId grain);

    [LoggerMessage(4002, LogLevel.Warning, "Reminder table refresh failed")]
    public static partial void ReminderRefreshFailed(ILogger logger, Exception exception);
}
