using Orleans.Runtime;
using System.Reflection;

namespace OrleansAgents.Testing;

/// <summary>
/// The clock Orleans' grain timers run on in a test cluster (the <see cref="TimeProviderNames.Grains"/> area): a grain's
/// own timers (<c>RegisterGrainTimer</c>) follow the test's fake clock, while system targets' timers — stream pulling
/// agents above all — stay on the real clock, so streams deliver while a test holds fake time still. Orleans creates
/// every grain timer through one <see cref="TimeProvider"/> and passes the timer itself as the callback state; the
/// owning grain context is read from it.
/// </summary>
internal sealed class GrainTimerClock(TimeProvider fake) : TimeProvider
{
    private static readonly FieldInfo? GrainContextField = FindGrainContextField();

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override long GetTimestamp() => fake.GetTimestamp();

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        IsSystemTargetTimer(state)
            ? System.CreateTimer(callback, state, dueTime, period)
            : fake.CreateTimer(callback, state, dueTime, period);

    /// <summary>Whether Orleans reads the grain context of its timers the way this clock expects (a test checks it).</summary>
    internal static bool CanTellSystemTargets => GrainContextField is not null;

    private static bool IsSystemTargetTimer(object? state) =>
        state is not null && GrainContextField is { } field && field.DeclaringType!.IsInstanceOfType(state) && field.GetValue(state) is SystemTarget;

    private static FieldInfo? FindGrainContextField()
    {
        var timerType = typeof(SystemTarget).Assembly.GetType("Orleans.Runtime.GrainTimer");
        return timerType?.GetField("_grainContext", BindingFlags.Instance | BindingFlags.NonPublic);
    }
}
