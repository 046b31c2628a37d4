using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>Which grain types subscribe implicitly to which namespaces (<see cref="ImplicitStreamSubscriptionAttribute"/>).</summary>
internal sealed class ImplicitSubscriptionTable
{
    private readonly Dictionary<string, string[]> _byNamespace;
    private readonly HashSet<(string GrainType, string Namespace)> _pairs = [];

    public ImplicitSubscriptionTable(IEnumerable<GrainClassInfo> classes)
    {
        foreach (var grainClass in classes)
        {
            foreach (var attribute in grainClass.ClassType.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>())
            {
                _pairs.Add((grainClass.GrainType, attribute.Namespace));
            }
        }

        _byNamespace = _pairs.GroupBy(p => p.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.GrainType).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    public IReadOnlyList<string> GrainTypesFor(string @namespace) => _byNamespace.GetValueOrDefault(@namespace) ?? [];

    public bool IsSubscribed(string grainType, string @namespace) => _pairs.Contains((grainType, @namespace));

    /// <summary>The same id on every silo, for every activation: derived from the grain type and the stream.</summary>
    public static Guid SubscriptionId(string grainType, StreamId stream)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{grainType}|{stream.Namespace}|{stream.Key}"), hash);
        return new Guid(hash[..16]);
    }
}
