using System.Text;
using Calico.Sdk.Hashing;
using Xunit;

namespace Calico.Sdk.Tests.Hashing;

public sealed class Sha256Tests
{
    // FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf") for SHA-256.
    [Theory]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData(
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void Matches_published_vectors(string message, string expectedHex)
    {
        var digest = Sha256.HashData(Encoding.ASCII.GetBytes(message));

        Assert.Equal(expectedHex, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Matches_published_vector_for_one_million_a()
    {
        var message = new byte[1_000_000];
        Array.Fill(message, (byte)'a');

        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Convert.ToHexStringLower(Sha256.HashData(message)));
    }

    // Every length from 0 to 300 bytes covers each padding case (one or two final blocks, exact blocks, several
    // full blocks) and is checked against the platform implementation (OpenSSL here).
    [Fact]
    public void Matches_the_platform_implementation_for_lengths_0_to_300()
    {
        var message = new byte[300];
        for (var i = 0; i < message.Length; i++)
        {
            message[i] = (byte)((i * 131) + 17);
        }

        for (var length = 0; length <= message.Length; length++)
        {
            var input = message.AsSpan(0, length);
            var expected = System.Security.Cryptography.SHA256.HashData(input);

            Assert.True(expected.AsSpan().SequenceEqual(Sha256.HashData(input)), $"SHA-256 differs for a {length}-byte message");
        }
    }

    [Fact]
    public void Writes_into_a_larger_span_without_touching_the_rest()
    {
        var destination = new byte[40];
        Array.Fill(destination, (byte)0xEE);

        Sha256.HashData("abc"u8, destination);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(destination.AsSpan(0, 32)));
        Assert.All(destination[32..], b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void Rejects_a_destination_shorter_than_32_bytes()
    {
        var error = Assert.Throws<ArgumentException>(() => Sha256.HashData("abc"u8, new byte[31]));

        Assert.Equal("destination", error.ParamName);
        Assert.Contains("32 bytes", error.Message, StringComparison.Ordinal);
    }
}
