namespace Calico.Sdk.Linux.Netlink;

/// <summary>
/// What one message in a batch does, kept only to name the operation and object if the kernel rejects it. The
/// target's ToString() is called only on failure, so successful batches never format text.
/// </summary>
internal readonly record struct NetlinkRequest(string Operation, object Target);

/// <summary>Receives the messages of a dump; reset when the kernel reports the dump was interrupted.</summary>
internal interface IDumpSink
{
    void Reset();

    void Add(ushort type, ReadOnlySpan<byte> payload);
}
