using OrleansAgents.SiloHost.Demo;

namespace OrleansAgents.SiloHost.Configuration;

/// <summary>
/// Turns the host's bare switches into configuration keys before the command-line provider sees them: that
/// provider reads <c>--key value</c> pairs, so a bare <c>--demo</c> would swallow the argument after it.
/// </summary>
internal static class CommandLineSwitches
{
    /// <summary>Runs the demo workload and exits when it finishes; the same as <c>--OrleansAgents:Demo:Enabled=true</c>.</summary>
    public const string DemoSwitch = "--demo";

    private const string DemoEnabledKey = $"{DemoOptions.SectionName}:{nameof(DemoOptions.Enabled)}";

    public static string[] Normalize(IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return [.. args.Select(arg => string.Equals(arg, DemoSwitch, StringComparison.OrdinalIgnoreCase) ? $"--{DemoEnabledKey}=true" : arg)];
    }
}
