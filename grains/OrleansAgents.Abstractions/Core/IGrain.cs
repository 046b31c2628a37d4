namespace OrleansAgents;

/// <summary>Marker for anything that has a grain identity and can receive calls.</summary>
public interface IAddressable;

/// <summary>Marker for grain interfaces. Use one of the keyed sub-interfaces.</summary>
public interface IGrain : IAddressable;

/// <summary>A grain whose key is a string.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain whose key is a <see cref="Guid"/>.</summary>
public interface IGrainWithGuidKey : IGrain;

/// <summary>A grain whose key is a 64-bit integer.</summary>
public interface IGrainWithIntegerKey : IGrain;

/// <summary>A grain whose key is a <see cref="Guid"/> plus a string extension.</summary>
public interface IGrainWithGuidCompoundKey : IGrain;

/// <summary>A grain whose key is a 64-bit integer plus a string extension.</summary>
public interface IGrainWithIntegerCompoundKey : IGrain;
