namespace Calico.Sdk.Hashing;

/// <summary>
/// SHA-224 (FIPS 180-4 §6.3): the SHA-256 compression function started from the SHA-224 initial hash value and
/// truncated to 224 bits. .NET ships no SHA-224, and Calico names selector IP sets by a SHA-224 digest.
/// </summary>
internal static class Sha224
{
    /// <summary>The digest length in bytes.</summary>
    public const int HashSizeInBytes = 28;

    private static ReadOnlySpan<uint> InitialState =>
    [
        0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4,
    ];

    /// <summary>Computes the SHA-224 digest of <paramref name="source"/>.</summary>
    /// <param name="source">The message.</param>
    /// <returns>The 28-byte digest.</returns>
    public static byte[] HashData(ReadOnlySpan<byte> source)
    {
        var digest = new byte[HashSizeInBytes];
        HashData(source, digest);
        return digest;
    }

    /// <summary>Computes the SHA-224 digest of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">The message.</param>
    /// <param name="destination">At least <see cref="HashSizeInBytes"/> bytes.</param>
    public static void HashData(ReadOnlySpan<byte> source, Span<byte> destination) =>
        Sha256Core.HashData(source, InitialState, HashSizeInBytes, destination);
}
