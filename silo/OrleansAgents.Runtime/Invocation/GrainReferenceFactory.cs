namespace OrleansAgents.Runtime;

/// <summary>The <see cref="IGrainFactory"/> of one runtime (a silo or a client).</summary>
internal sealed class GrainReferenceFactory(IGrainTypeResolver resolver, Func<IGrainCallInvoker> invoker) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        return Get<TGrainInterface>(new GrainKey(primaryKey));
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey => Get<TGrainInterface>(GrainKey.FromGuid(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey => Get<TGrainInterface>(GrainKey.FromLong(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithGuidCompoundKey => Get<TGrainInterface>(GrainKey.FromGuid(primaryKey, keyExtension));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithIntegerCompoundKey => Get<TGrainInterface>(GrainKey.FromLong(primaryKey, keyExtension));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => (TGrainInterface)GetGrain(typeof(TGrainInterface), grainId);

    /// <summary>Creates a reference of <paramref name="interfaceType"/> to <paramref name="grainId"/>.</summary>
    public object GetGrain(Type interfaceType, GrainId grainId) =>
        GrainReferenceProxy.Create(GrainInterfaceDescriptor.Get(interfaceType), grainId, invoker());

    private TGrainInterface Get<TGrainInterface>(GrainKey key)
    {
        var descriptor = GrainInterfaceDescriptor.Get(typeof(TGrainInterface));
        var grainId = new GrainId(resolver.ResolveGrainType(typeof(TGrainInterface)), key);
        return (TGrainInterface)GrainReferenceProxy.Create(descriptor, grainId, invoker());
    }
}
