using OrleansAgents.Hosting;
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

    /// <summary>Serves the HTTP API at the URL that follows; the same as <c>--OrleansAgents:Http:Urls=URL</c>.</summary>
    public const string HttpSwitch = "--http";

    /// <summary>The configuration key of the HTTP API's URLs.</summary>
    public const string HttpUrlsKey = $"{AgentHttpOptions.SectionName}:{nameof(AgentHttpOptions.Urls)}";

    private const string DemoEnabledKey = $"{DemoOptions.SectionName}:{nameof(DemoOptions.Enabled)}";

    public static string[] Normalize(IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var normalized = new List<string>();
        using var arg = args.GetEnumerator();
        while (arg.MoveNext())
        {
            if (string.Equals(arg.Current, DemoSwitch, StringComparison.OrdinalIgnoreCase))
            {
                normalized.Add($"--{DemoEnabledKey}=true");
            }
            else if (string.Equals(arg.Current, HttpSwitch, StringComparison.OrdinalIgnoreCase))
            {
                normalized.Add($"--{HttpUrlsKey}={(arg.MoveNext() ? arg.Current : string.Empty)}");
            }
            else
            {
                normalized.Add(arg.Current);
            }
        }

        return [.. normalized];
    }
}
