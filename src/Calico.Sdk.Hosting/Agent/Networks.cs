using System.Net;

namespace Calico.Sdk.Hosting.Agent;

/// <summary>Address helpers.</summary>
internal static class Networks
{
    /// <summary>The network of <paramref name="address"/> with <paramref name="bits"/> prefix bits, host bits cleared.</summary>
    public static IPNetwork Masked(IPAddress address, int bits)
    {
        var bytes = address.GetAddressBytes();
        for (var i = bits; i < bytes.Length * 8; i++)
        {
            bytes[i / 8] &= (byte)~(0x80 >> (i % 8));
        }

        return new IPNetwork(new IPAddress(bytes), bits);
    }
}
