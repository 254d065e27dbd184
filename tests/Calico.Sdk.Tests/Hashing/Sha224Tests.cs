using System.Text;
using Calico.Sdk.Hashing;
using Xunit;

namespace Calico.Sdk.Tests.Hashing;

public sealed class Sha224Tests
{
    // FIPS 180-2 appendix C / NIST CSRC example values for SHA-224.
    [Theory]
    [InlineData("abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")]
    [InlineData("", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525")]
    [InlineData(
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "c97ca9a559850ce97a04a96def6d99a9e0e0e2ab14e6b8df265fc0b3")]
    public void Matches_published_vectors(string message, string expectedHex)
    {
        var digest = Sha224.HashData(Encoding.ASCII.GetBytes(message));

        Assert.Equal(expectedHex, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Matches_published_vector_for_one_million_a()
    {
        var message = new byte[1_000_000];
        Array.Fill(message, (byte)'a');

        var digest = Sha224.HashData(message);

        Assert.Equal("20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67", Convert.ToHexStringLower(digest));
    }

    // Lengths around the padding boundaries (55/56 bytes: one or two final blocks; 64: exact block), checked
    // against an independent implementation (Python hashlib) on bytes (i * 7 + 3) mod 256.
    [Theory]
    [InlineData(1, "15ebd4b8fdfc6905ea002a3efcc8faa71954739ee62bbbf16836eb5c")]
    [InlineData(55, "703a7d6e61c83903b5db54ddf6dda2268211b47c90bbdac2ed306d8a")]
    [InlineData(56, "850fef35478d7a94a417713dbded4a39c18be2b40e6f20f47066d306")]
    [InlineData(57, "ae49290062aebfd8f0ae3b0253adaba12e2017364f9a005662e6135b")]
    [InlineData(63, "246a939bfdd1eedb1ad51b53a250d197b5752aab09580b7f1df50df7")]
    [InlineData(64, "e480c1c21ffd3f109fc0cde0daf967c748932b64f8e259d98db17420")]
    [InlineData(65, "574507bf89b5d3a0b5dcf4a684a645f27f058f3b11fde279d5b0e462")]
    [InlineData(119, "6c9c99e7d1090cb995200ccc9fc757a4383d3a1004cc36bc266c7947")]
    [InlineData(120, "d733ebb80612c4699bfca3061aab0cd9e138ef73aecf1d0f23e75340")]
    [InlineData(128, "6df983e89c8c13cecdfb5f16fc67792ae3c4d062df69124d889a396f")]
    public void Pads_correctly_around_block_boundaries(int length, string expectedHex)
    {
        var message = new byte[length];
        for (var i = 0; i < length; i++)
        {
            message[i] = (byte)((i * 7) + 3);
        }

        Assert.Equal(expectedHex, Convert.ToHexStringLower(Sha224.HashData(message)));
    }

    [Fact]
    public void Writes_into_a_larger_span_without_touching_the_rest()
    {
        var destination = new byte[32];
        Array.Fill(destination, (byte)0xEE);

        Sha224.HashData("abc"u8, destination);

        Assert.Equal("23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7", Convert.ToHexStringLower(destination.AsSpan(0, 28)));
        Assert.All(destination[28..], b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void Rejects_a_destination_shorter_than_28_bytes()
    {
        var error = Assert.Throws<ArgumentException>(() => Sha224.HashData("abc"u8, new byte[27]));

        Assert.Equal("destination", error.ParamName);
    }
}
