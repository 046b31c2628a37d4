using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace OrleansAgents.Hosting;

/// <summary>
/// String-keyed grain references without Orleans' per-call reflection. <c>IGrainFactory.GetGrain&lt;T&gt;(string)</c>
/// works out the interface's <see cref="GrainInterfaceType"/> from its attributes (<c>Type.GetCustomAttributes</c>, which
/// creates every attribute of the interface) on every call: 4 – 6% of a no-op agent task's sampled time went there (a
/// task's listing, a client's task reference). Here the first reference to an interface made through a factory is made by
/// Orleans; its grain type and interface type are kept, and every later reference is made from them with
/// <see cref="IGrainFactory.GetGrain(GrainId, GrainInterfaceType)"/>, which resolves nothing.
/// </summary>
internal static class GrainReferences
{
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<Type, (GrainType Grain, GrainInterfaceType Interface)>> Known = new();

    /// <summary>The reference to the grain of interface <typeparamref name="T"/> with key <paramref name="key"/>, as <c>grains.GetGrain&lt;T&gt;(key)</c> makes it.</summary>
    public static T Get<T>(IGrainFactory grains, string key)
        where T : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var known = Known.GetValue(grains, static _ => new ConcurrentDictionary<Type, (GrainType, GrainInterfaceType)>());
        if (known.TryGetValue(typeof(T), out var types))
        {
            return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        }

        var reference = grains.GetGrain<T>(key);
        if (reference is GrainReference made)
        {
            known.TryAdd(typeof(T), (made.GrainId.Type, made.InterfaceType));
        }

        return reference;
    }
}
