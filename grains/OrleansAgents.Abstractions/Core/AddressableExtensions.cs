namespace OrleansAgents;

/// <summary>Key accessors for grain references.</summary>
public static class AddressableExtensions
{
    /// <summary>Returns the id of the grain a reference (or grain) addresses.</summary>
    public static GrainId GetGrainId(this IAddressable addressable)
    {
        ArgumentNullException.ThrowIfNull(addressable);
        return addressable switch
        {
            IGrainReference reference => reference.GrainId,
            IGrainIdentity identity => identity.GrainId,
            _ => throw new ArgumentException(
                $"{addressable.GetType().FullName} is neither a grain reference nor a grain.", nameof(addressable)),
        };
    }

    /// <summary>Returns the string key of a grain.</summary>
    public static string GetPrimaryKeyString(this IAddressable addressable) => addressable.GetGrainId().Key.AsString();

    /// <summary>Returns the Guid key of a grain.</summary>
    public static Guid GetPrimaryKey(this IAddressable addressable) => addressable.GetGrainId().Key.AsGuid();

    /// <summary>Returns the integer key of a grain.</summary>
    public static long GetPrimaryKeyLong(this IAddressable addressable) => addressable.GetGrainId().Key.AsLong();
}
