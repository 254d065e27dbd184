namespace Calico.Sdk.Linux.Netlink;

/// <summary>Decodes one message payload; returns null to skip it (e.g. a route of another table).</summary>
internal delegate T? PayloadDecoder<T>(ReadOnlySpan<byte> payload)
    where T : class;

/// <summary>Collects decoded objects of one message type from a dump.</summary>
internal sealed class ListSink<T>(ushort messageType, PayloadDecoder<T> decode) : IDumpSink
    where T : class
{
    internal List<T> Items { get; } = [];

    public void Reset() => Items.Clear();

    public void Add(ushort type, ReadOnlySpan<byte> payload)
    {
        if (type == messageType && decode(payload) is { } item)
        {
            Items.Add(item);
        }
    }
}
