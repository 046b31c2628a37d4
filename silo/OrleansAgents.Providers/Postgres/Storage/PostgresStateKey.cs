using Npgsql;
using NpgsqlTypes;
using Orleans.Runtime;

namespace OrleansAgents.Hosting;

/// <summary>
/// The key of one grain state row in <c>orleans_grain_state</c>: the state name and the grain id split as Orleans'
/// ADO.NET grain storage splits it (integer and GUID keys into two 64-bit halves, the key extension or a string key
/// in <see cref="Extension"/>, <c>''</c> when absent), so that both storages address the same rows.
/// </summary>
/// <param name="StateName">The state name Orleans passes as "grain type" (the <c>[PersistentState]</c> name).</param>
/// <param name="N0">The first half of a GUID key; 0 otherwise.</param>
/// <param name="N1">The second half of a GUID key, or an integer key; 0 for a string key.</param>
/// <param name="Extension">The key extension, or the whole key of a string-keyed grain; never null.</param>
internal readonly record struct PostgresStateKey(string StateName, long N0, long N1, string Extension)
{
    /// <summary>Splits <paramref name="grainId"/> the way the ADO.NET provider does.</summary>
    public static PostgresStateKey For(string stateName, GrainId grainId)
    {
        if (grainId.TryGetGuidKey(out var guid, out var extension))
        {
            Span<byte> bytes = stackalloc byte[16];
            guid.TryWriteBytes(bytes);
            return new(stateName, BitConverter.ToInt64(bytes[..8]), BitConverter.ToInt64(bytes[8..]), extension ?? string.Empty);
        }

        if (grainId.TryGetIntegerKey(out var integer, out extension))
        {
            return new(stateName, 0, integer, extension ?? string.Empty);
        }

        return new(stateName, 0, 0, grainId.Key.ToString());
    }

    /// <summary>
    /// Adds <paramref name="keys"/> as the four array parameters every batch statement takes in this order: state names
    /// (<c>text[]</c>), first and second key halves (<c>bigint[]</c>), extensions (<c>text[]</c>).
    /// </summary>
    public static void AddParameters(NpgsqlParameterCollection parameters, IEnumerable<PostgresStateKey> keys)
    {
        var all = keys.ToArray();
        parameters.Add(new NpgsqlParameter { Value = all.Select(k => k.StateName).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter { Value = all.Select(k => k.N0).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        parameters.Add(new NpgsqlParameter { Value = all.Select(k => k.N1).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        parameters.Add(new NpgsqlParameter { Value = all.Select(k => k.Extension).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
    }
}
