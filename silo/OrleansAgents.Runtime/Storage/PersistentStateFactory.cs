using System.Reflection;
using System.Text.Json;

namespace OrleansAgents.Runtime;

/// <summary>Creates the <see cref="PersistentState{TState}"/> of one state type without reflection per activation.</summary>
internal static class PersistentStateFactory
{
    private static readonly MethodInfo CreateMethod = typeof(PersistentStateFactory).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The factory of <c>PersistentState&lt;<paramref name="stateType"/>&gt;</c>, made once per grain class parameter.</summary>
    public static Func<string, GrainId, IGrainStorage, JsonSerializerOptions, IStateLoader> For(Type stateType) =>
        CreateMethod.MakeGenericMethod(stateType).CreateDelegate<Func<string, GrainId, IGrainStorage, JsonSerializerOptions, IStateLoader>>();

    private static IStateLoader Create<TState>(string stateName, GrainId grainId, IGrainStorage storage, JsonSerializerOptions json) =>
        new PersistentState<TState>(stateName, grainId, storage, json);
}
