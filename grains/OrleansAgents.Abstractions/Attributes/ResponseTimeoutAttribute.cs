using System.Globalization;

namespace OrleansAgents;

/// <summary>Overrides the silo-wide call timeout for one grain interface method.</summary>
/// <param name="timeout">A <see cref="TimeSpan"/> in invariant "c" format, for example <c>"00:05:00"</c>.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class ResponseTimeoutAttribute(string timeout) : Attribute
{
    /// <summary>The call timeout.</summary>
    public TimeSpan Timeout { get; } = TimeSpan.ParseExact(timeout, "c", CultureInfo.InvariantCulture);
}
