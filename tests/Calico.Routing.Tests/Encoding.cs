using System.Buffers.Binary;
using Calico.Sdk.Linux;

namespace Calico.Routing.Tests;

/// <summary>Reads the netlink messages a batch has queued (without sending them).</summary>
internal static class Encoding
{
    internal static string Hex(NetlinkBatch batch) => Convert.ToHexStringLower(batch.Encoded);

    internal static List<int> MessageTypes(NetlinkBatch batch)
    {
        var types = new List<int>();
        var bytes = batch.Encoded;
        while (bytes.Length >= 16)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            types.Add(BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]));
            bytes = bytes[((length + 3) & ~3)..];
        }

        return types;
    }
}
