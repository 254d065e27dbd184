namespace Calico.Sdk.Hashing;

/// <summary>
/// SHA-256 (FIPS 180-4 §6.2) in managed code. Calico derives names (chains, sets, interfaces, IPAM keys) from
/// SHA-256 digests; <see cref="System.Security.Cryptography.SHA256"/> would load OpenSSL into the process for
/// them (about 5 MB resident in an agent that otherwise needs no cryptography). Not for secrets: it is neither
/// constant-time nor hardened, only correct.
/// </summary>
public static class Sha256
{
    /// <summary>The digest length in bytes.</summary>
    public const int HashSizeInBytes = 32;

    private static ReadOnlySpan<uint> InitialState =>
    [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];

    /// <summary>Computes the SHA-256 digest of <paramref name="source"/>.</summary>
    /// <param name="source">The message.</param>
    /// <returns>The 32-byte digest.</returns>
    public static byte[] HashData(ReadOnlySpan<byte> source)
    {
        var digest = new byte[HashSizeInBytes];
        HashData(source, digest);
        return digest;
    }

    /// <summary>Computes the SHA-256 digest of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">The message.</param>
    /// <param name="destination">At least <see cref="HashSizeInBytes"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="HashSizeInBytes"/>.</exception>
    public static void HashData(ReadOnlySpan<byte> source, Span<byte> destination) =>
        Sha256Core.HashData(source, InitialState, HashSizeInBytes, destination);
}
