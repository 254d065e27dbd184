using System.Text.Json.Nodes;
using Calico.Sdk.Resources;

namespace Calico.Ctl.Output;

/// <summary>The columns calicoctl prints per kind, plain (<c>ps</c>) and <c>-o wide</c>.</summary>
internal static class KindColumns
{
    private static readonly Column Name = Column.At("NAME", "metadata.name");

    public static IReadOnlyList<Column> For(ResourceKind kind, bool wide, string defaultAsNumber) => kind.Kind switch
    {
        IPPool.KindName => wide
            ? [Name, Column.At("CIDR", "spec.cidr"), Column.At("NAT", "spec.natOutgoing", "false"), Column.At("IPIPMODE", "spec.ipipMode", "Never"),
               Column.At("VXLANMODE", "spec.vxlanMode", "Never"), Column.At("DISABLED", "spec.disabled", "false"),
               Column.At("DISABLEBGPEXPORT", "spec.disableBGPExport", "false"), Column.At("SELECTOR", "spec.nodeSelector", "all()"),
               Column.At("ASSIGNMENTMODE", "spec.assignmentMode", "Automatic")]
            : [Name, Column.At("CIDR", "spec.cidr"), Column.At("SELECTOR", "spec.nodeSelector", "all()")],
        Node.KindName => wide
            ? [Name, new Column("ASN", o => NodeAsn(o, defaultAsNumber)), Column.At("IPV4", "spec.bgp.ipv4Address"), Column.At("IPV6", "spec.bgp.ipv6Address")]
            : [Name],
        NetworkPolicy.KindName or GlobalNetworkPolicy.KindName or StagedNetworkPolicy.KindName or StagedGlobalNetworkPolicy.KindName => wide
            ? [Name, Column.At("TIER", "spec.tier", "default"), Column.At("ORDER", "spec.order"), Column.At("SELECTOR", "spec.selector", "all()")]
            : [Name, Column.At("TIER", "spec.tier", "default")],
        WorkloadEndpoint.KindName => wide
            ? [Name, Column.At("WORKLOAD", "spec.workload"), Column.At("NODE", "spec.node"), Column.At("NETWORKS", "spec.ipNetworks"),
               Column.At("INTERFACE", "spec.interfaceName"), Column.At("PROFILES", "spec.profiles"), new Column("NATS", Nats)]
            : [Column.At("WORKLOAD", "spec.workload"), Column.At("NODE", "spec.node"), Column.At("NETWORKS", "spec.ipNetworks"), Column.At("INTERFACE", "spec.interfaceName")],
        HostEndpoint.KindName => wide
            ? [Name, Column.At("NODE", "spec.node"), Column.At("INTERFACE", "spec.interfaceName"), Column.At("IPS", "spec.expectedIPs"), Column.At("PROFILES", "spec.profiles")]
            : [Name, Column.At("NODE", "spec.node")],
        Profile.KindName => wide ? [Name, Column.At("LABELS", "spec.labelsToApply")] : [Name],
        Tier.KindName => [Name, Column.At("ORDER", "spec.order")],
        BGPConfiguration.KindName => [Name, Column.At("LOGSEVERITY", "spec.logSeverityScreen"), Column.At("MESHENABLED", "spec.nodeToNodeMeshEnabled"), Column.At("ASNUMBER", "spec.asNumber")],
        BGPPeer.KindName => [Name, Column.At("PEERIP", "spec.peerIP"), new Column("NODE", PeerNode), Column.At("ASN", "spec.asNumber")],
        IPReservation.KindName => [Name, Column.At("CIDRS", "spec.reservedCIDRs")],
        _ => [Name],
    };

    private static string NodeAsn(JsonObject o, string defaultAsNumber) =>
        Column.Read(o, "spec.bgp.asNumber") ?? (Column.Read(o, "spec.bgp") is null ? string.Empty : $"({defaultAsNumber})");

    private static string PeerNode(JsonObject o) =>
        Column.Read(o, "spec.node") ?? Column.Read(o, "spec.nodeSelector") ?? "(global)";

    private static string Nats(JsonObject o) =>
        o["spec"]?["ipNATs"] is JsonArray nats
            ? string.Join(',', nats.Select(n => $"{n?["internalIP"]}:{n?["externalIP"]}"))
            : string.Empty;
}
