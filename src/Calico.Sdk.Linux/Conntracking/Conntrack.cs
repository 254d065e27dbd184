using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Linux.Conntracking;
using Calico.Sdk.Linux.Interop;
using Calico.Sdk.Linux.Netlink;

namespace Calico.Sdk.Linux;

/// <summary>
/// The kernel connection-tracking table over ctnetlink (NETLINK_NETFILTER). Calico deletes the flows of an address
/// when it is released or moves, so a new owner never inherits established NAT or policy state
/// (<c>conntrack -D -s|-d ADDRESS</c>).
/// </summary>
public sealed class Conntrack : IDisposable
{
    private readonly NetlinkSocket _socket;

    private Conntrack(NetlinkSocket socket) => _socket = socket;

    /// <summary>Opens the table of <paramref name="ns"/> (or of the calling thread's namespace when null).</summary>
    /// <param name="ns">The namespace, or null.</param>
    /// <returns>The connection.</returns>
    public static Conntrack Open(NetworkNamespace? ns = null) => new(NetlinkSocket.Open(Constants.NETLINK_NETFILTER, ns));

    /// <summary>Lists the tracked flows (<c>conntrack -L</c>).</summary>
    /// <param name="family">InterNetwork, InterNetworkV6 or Unspecified for both.</param>
    /// <returns>The flows.</returns>
    public IReadOnlyList<ConntrackFlow> GetFlows(AddressFamily family = AddressFamily.Unspecified)
    {
        var sink = new FlowSink(null);
        Dump(family, sink);
        return sink.Flows;
    }

    /// <summary>Deletes every flow whose original or reply tuple has <paramref name="address"/> as source or
    /// destination. Flows that end on their own meanwhile are not an error.</summary>
    /// <param name="address">The address.</param>
    /// <returns>How many flows were deleted.</returns>
    /// <exception cref="NetlinkException">The kernel refused a delete for another reason than ENOENT.</exception>
    public int DeleteByAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var sink = new FlowSink(address);
        Dump(address.AddressFamily, sink);
        if (sink.Requests.Count == 0)
        {
            return 0;
        }

        var vanished = 0;
        try
        {
            _socket.Execute(sink.Deletes, sink.Requests);
        }
        catch (NetlinkException error) when (AllVanished(error, out vanished))
        {
        }

        return sink.Requests.Count - vanished;
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    private void Dump(AddressFamily family, FlowSink sink)
    {
        var request = new NetlinkWriter(64);
        ConntrackCodec.Dump(request, Codec.Family(family));
        _socket.Dump(request, sink, "list", "conntrack flows");
    }

    private static bool AllVanished(NetlinkException error, out int count)
    {
        count = 1 + error.AdditionalFailures.Count;
        return error.Errno == Errno.ENOENT && error.AdditionalFailures.All(e => e.Errno == Errno.ENOENT);
    }

    private sealed class FlowSink(IPAddress? delete) : IDumpSink
    {
        internal List<ConntrackFlow> Flows { get; } = [];

        internal NetlinkWriter Deletes { get; } = new();

        internal List<NetlinkRequest> Requests { get; } = [];

        public void Reset()
        {
            Flows.Clear();
            Deletes.Clear();
            Requests.Clear();
        }

        public void Add(ushort type, ReadOnlySpan<byte> payload)
        {
            if (type != ConntrackCodec.MsgNew)
            {
                return; // dump replies are IPCTNL_MSG_CT_NEW
            }

            var flow = ConntrackCodec.Decode(payload, out var tuple, out var id);
            if (flow is null)
            {
                return;
            }

            if (delete is null)
            {
                Flows.Add(flow);
            }
            else if (flow.Involves(delete))
            {
                ConntrackCodec.Delete(Deletes, ConntrackCodec.FamilyOf(payload), tuple, flow.Zone, id);
                Requests.Add(new NetlinkRequest("delete conntrack flow", flow));
            }
        }
    }
}
