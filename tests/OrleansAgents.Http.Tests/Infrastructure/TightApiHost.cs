namespace OrleansAgents.Http.Tests.Infrastructure;

/// <summary>The API with a small rate limit (a burst of 3, one request a second) and a 4 KiB body limit.</summary>
public sealed class TightApiHost : ApiHost
{
    public const int Burst = 3;

    protected override IEnumerable<KeyValuePair<string, string?>> HttpSettings =>
    [
        new("OrleansAgents:Http:RateLimitBurst", Burst.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("OrleansAgents:Http:RateLimitPerSecond", "1"),
        new("OrleansAgents:Http:MaxRequestBodyBytes", "4096"),
    ];
}
