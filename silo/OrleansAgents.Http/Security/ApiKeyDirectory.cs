using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;

namespace OrleansAgents.Http.Security;

/// <summary>
/// The configured API keys by their SHA-256. A presented key is hashed and compared with every configured hash in
/// constant time (no early exit), so neither the comparison nor the number of keys checked tells how close a guess was.
/// </summary>
internal sealed class ApiKeyDirectory
{
    private readonly (byte[] Hash, AgentHttpApiKey Key)[] _keys;

    public ApiKeyDirectory(IOptions<AgentHttpOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = [.. options.Value.ApiKeys
            .Where(k => k.KeySha256 is { Length: 64 })
            .Select(k => (Convert.FromHexString(k.KeySha256), k))];
    }

    /// <summary>The key's entry, or <c>null</c> when no configured key matches.</summary>
    public AgentHttpApiKey? Find(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        AgentHttpApiKey? found = null;
        foreach (var (candidate, key) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                found = key;
            }
        }

        return found;
    }
}
