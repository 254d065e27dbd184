using Calico.Sdk.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The catalogue of every resource kind the SDK knows, with calicoctl's plural and short names.</summary>
public static class ResourceKinds
{
    /// <summary>ClusterInformation (cluster): cluster-wide information (singleton <c>default</c>).</summary>
    public static readonly ResourceKind ClusterInformation = new(ApiGroups.ProjectCalicoV3, Resources.ClusterInformation.KindName, "clusterinformations", false, typeof(Resources.ClusterInformation), static () => CalicoJsonContext.Default.ClusterInformation, "clusterinfo", "clusterinfos");

    /// <summary>Tier (cluster): an ordered group of policies.</summary>
    public static readonly ResourceKind Tier = new(ApiGroups.ProjectCalicoV3, Resources.Tier.KindName, "tiers", false, typeof(Resources.Tier), static () => CalicoJsonContext.Default.Tier);

    /// <summary>IPPool (cluster): a range of addresses that IPAM allocates workload and tunnel addresses from.</summary>
    public static readonly ResourceKind IPPool = new(ApiGroups.ProjectCalicoV3, Resources.IPPool.KindName, "ippools", false, typeof(Resources.IPPool), static () => CalicoJsonContext.Default.IPPool, "ipp", "ipps", "pool", "pools");

    /// <summary>IPReservation (cluster): addresses inside IP pools that IPAM must not allocate.</summary>
    public static readonly ResourceKind IPReservation = new(ApiGroups.ProjectCalicoV3, Resources.IPReservation.KindName, "ipreservations", false, typeof(Resources.IPReservation), static () => CalicoJsonContext.Default.IPReservation, "ipreservation");

    /// <summary>IPAMBlock (cluster): an IPAM allocation block: the unit of allocation, compare-and-swap and routing.</summary>
    public static readonly ResourceKind IPAMBlock = new(ApiGroups.ProjectCalicoV3, Resources.IPAMBlock.KindName, "ipamblocks", false, typeof(Resources.IPAMBlock), static () => CalicoJsonContext.Default.IPAMBlock, "ipamblock");

    /// <summary>BlockAffinity (cluster): the ownership of an IPAM block by a host.</summary>
    public static readonly ResourceKind BlockAffinity = new(ApiGroups.ProjectCalicoV3, Resources.BlockAffinity.KindName, "blockaffinities", false, typeof(Resources.BlockAffinity), static () => CalicoJsonContext.Default.BlockAffinity, "affinity", "affinities");

    /// <summary>IPAMHandle (cluster): an index of the allocations made under one handle id.</summary>
    public static readonly ResourceKind IPAMHandle = new(ApiGroups.ProjectCalicoV3, Resources.IPAMHandle.KindName, "ipamhandles", false, typeof(Resources.IPAMHandle), static () => CalicoJsonContext.Default.IPAMHandle, "ipamhandle");

    /// <summary>IPAMConfiguration (cluster): the global IPAM settings, a singleton named <c>default</c>.</summary>
    public static readonly ResourceKind IPAMConfiguration = new(ApiGroups.ProjectCalicoV3, Resources.IPAMConfiguration.KindName, "ipamconfigurations", false, typeof(Resources.IPAMConfiguration), static () => CalicoJsonContext.Default.IPAMConfiguration, "ipamconfig", "ipamconfigs");

    /// <summary>Node (cluster): a Calico node: the host's addresses, AS number and tunnel addresses.</summary>
    public static readonly ResourceKind Node = new(ApiGroups.ProjectCalicoV3, Resources.Node.KindName, "nodes", false, typeof(Resources.Node), static () => CalicoJsonContext.Default.Node, "no", "nos");

    /// <summary>WorkloadEndpoint (namespaced): a workload's network interface (a pod's interface in Kubernetes).</summary>
    public static readonly ResourceKind WorkloadEndpoint = new(ApiGroups.ProjectCalicoV3, Resources.WorkloadEndpoint.KindName, "workloadendpoints", true, typeof(Resources.WorkloadEndpoint), static () => CalicoJsonContext.Default.WorkloadEndpoint, "wep", "weps");

    /// <summary>HostEndpoint (cluster): a host interface (or all of a host) that policy applies to.</summary>
    public static readonly ResourceKind HostEndpoint = new(ApiGroups.ProjectCalicoV3, Resources.HostEndpoint.KindName, "hostendpoints", false, typeof(Resources.HostEndpoint), static () => CalicoJsonContext.Default.HostEndpoint, "hep", "heps");

    /// <summary>NetworkPolicy (namespaced): a namespaced Calico network policy.</summary>
    public static readonly ResourceKind NetworkPolicy = new(ApiGroups.ProjectCalicoV3, Resources.NetworkPolicy.KindName, "networkpolicies", true, typeof(Resources.NetworkPolicy), static () => CalicoJsonContext.Default.NetworkPolicy, "netpol", "netpols", "np", "nps", "policy", "policies");

    /// <summary>GlobalNetworkPolicy (cluster): a cluster-wide Calico network policy.</summary>
    public static readonly ResourceKind GlobalNetworkPolicy = new(ApiGroups.ProjectCalicoV3, Resources.GlobalNetworkPolicy.KindName, "globalnetworkpolicies", false, typeof(Resources.GlobalNetworkPolicy), static () => CalicoJsonContext.Default.GlobalNetworkPolicy, "gnp", "gnps", "cgnp", "cgnps", "globalpolicy", "globalpolicies");

    /// <summary>StagedNetworkPolicy (namespaced): a namespaced policy that is never enforced, only accounted ("what if").</summary>
    public static readonly ResourceKind StagedNetworkPolicy = new(ApiGroups.ProjectCalicoV3, Resources.StagedNetworkPolicy.KindName, "stagednetworkpolicies", true, typeof(Resources.StagedNetworkPolicy), static () => CalicoJsonContext.Default.StagedNetworkPolicy, "snp", "snps");

    /// <summary>StagedGlobalNetworkPolicy (cluster): a cluster-wide policy that is never enforced, only accounted ("what if").</summary>
    public static readonly ResourceKind StagedGlobalNetworkPolicy = new(ApiGroups.ProjectCalicoV3, Resources.StagedGlobalNetworkPolicy.KindName, "stagedglobalnetworkpolicies", false, typeof(Resources.StagedGlobalNetworkPolicy), static () => CalicoJsonContext.Default.StagedGlobalNetworkPolicy, "sgnp", "sgnps");

    /// <summary>NetworkSet (namespaced): a namespaced, labelled set of CIDRs that rule selectors can match.</summary>
    public static readonly ResourceKind NetworkSet = new(ApiGroups.ProjectCalicoV3, Resources.NetworkSet.KindName, "networksets", true, typeof(Resources.NetworkSet), static () => CalicoJsonContext.Default.NetworkSet, "netset", "netsets");

    /// <summary>GlobalNetworkSet (cluster): a cluster-wide, labelled set of CIDRs that rule selectors can match.</summary>
    public static readonly ResourceKind GlobalNetworkSet = new(ApiGroups.ProjectCalicoV3, Resources.GlobalNetworkSet.KindName, "globalnetworksets", false, typeof(Resources.GlobalNetworkSet), static () => CalicoJsonContext.Default.GlobalNetworkSet, "gns", "globalnetset", "globalnetsets");

    /// <summary>Profile (cluster): rules and labels that endpoints inherit by reference; the fallback after every tier.</summary>
    public static readonly ResourceKind Profile = new(ApiGroups.ProjectCalicoV3, Resources.Profile.KindName, "profiles", false, typeof(Resources.Profile), static () => CalicoJsonContext.Default.Profile, "pro", "pros");

    /// <summary>BGPPeer (cluster): a BGP peering.</summary>
    public static readonly ResourceKind BGPPeer = new(ApiGroups.ProjectCalicoV3, Resources.BGPPeer.KindName, "bgppeers", false, typeof(Resources.BGPPeer), static () => CalicoJsonContext.Default.BGPPeer, "bgpp", "bgpps", "bp", "bps");

    /// <summary>BGPConfiguration (cluster): bGP settings: <c>default</c> for the cluster, <c>node.&lt;name&gt;</c> per node.</summary>
    public static readonly ResourceKind BGPConfiguration = new(ApiGroups.ProjectCalicoV3, Resources.BGPConfiguration.KindName, "bgpconfigurations", false, typeof(Resources.BGPConfiguration), static () => CalicoJsonContext.Default.BGPConfiguration, "bgpconfig", "bgpconfigs");

    /// <summary>BGPFilter (cluster): ordered import and export rules for BGP routes.</summary>
    public static readonly ResourceKind BGPFilter = new(ApiGroups.ProjectCalicoV3, Resources.BGPFilter.KindName, "bgpfilters", false, typeof(Resources.BGPFilter), static () => CalicoJsonContext.Default.BGPFilter, "bgpf");

    /// <summary>FelixConfiguration (cluster): felix settings: <c>default</c> for the cluster, <c>node.&lt;name&gt;</c> per node.</summary>
    public static readonly ResourceKind FelixConfiguration = new(ApiGroups.ProjectCalicoV3, Resources.FelixConfiguration.KindName, "felixconfigurations", false, typeof(Resources.FelixConfiguration), static () => CalicoJsonContext.Default.FelixConfiguration, "felixconfig", "felixconfigs");

    /// <summary>KubeControllersConfiguration (cluster): kube-controllers settings, a singleton named <c>default</c>.</summary>
    public static readonly ResourceKind KubeControllersConfiguration = new(ApiGroups.ProjectCalicoV3, Resources.KubeControllersConfiguration.KindName, "kubecontrollersconfigurations", false, typeof(Resources.KubeControllersConfiguration), static () => CalicoJsonContext.Default.KubeControllersConfiguration, "kcc", "kubecontrollersconfig");

    /// <summary>KubernetesNetworkPolicy (namespaced): a Kubernetes <c>networking.k8s.io/v1</c> NetworkPolicy.</summary>
    public static readonly ResourceKind KubernetesNetworkPolicy = new(ApiGroups.NetworkingK8sV1, Resources.KubernetesNetworkPolicy.KindName, "kubernetesnetworkpolicies", true, typeof(Resources.KubernetesNetworkPolicy), static () => CalicoJsonContext.Default.KubernetesNetworkPolicy, "knp", "knps", "kubernetesnetworkpolicy");

    /// <summary>Every known kind, in a stable order (Calico kinds before the Kubernetes NetworkPolicy).</summary>
    public static IReadOnlyList<ResourceKind> All { get; } =
    [
        ClusterInformation,
        Tier,
        IPPool,
        IPReservation,
        IPAMBlock,
        BlockAffinity,
        IPAMHandle,
        IPAMConfiguration,
        Node,
        WorkloadEndpoint,
        HostEndpoint,
        NetworkPolicy,
        GlobalNetworkPolicy,
        StagedNetworkPolicy,
        StagedGlobalNetworkPolicy,
        NetworkSet,
        GlobalNetworkSet,
        Profile,
        BGPPeer,
        BGPConfiguration,
        BGPFilter,
        FelixConfiguration,
        KubeControllersConfiguration,
        KubernetesNetworkPolicy,
    ];

    /// <summary>Finds a kind by kind name, plural or short name (case-insensitive).</summary>
    /// <param name="name">The name to look up.</param>
    /// <returns>The kind, or <see langword="null"/> when none matches.</returns>
    public static ResourceKind? Find(string name)
    {
        foreach (var kind in All)
        {
            if (kind.Matches(name))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>Finds a kind by its exact kind name and api version, as read from a document.</summary>
    /// <param name="apiVersion">The document's apiVersion.</param>
    /// <param name="kind">The document's kind.</param>
    /// <returns>The kind, or <see langword="null"/> when none matches.</returns>
    public static ResourceKind? Find(string apiVersion, string kind)
    {
        foreach (var k in All)
        {
            if (string.Equals(k.Kind, kind, StringComparison.Ordinal) && string.Equals(k.ApiVersion, apiVersion, StringComparison.Ordinal))
            {
                return k;
            }
        }

        return null;
    }

    /// <summary>Finds the kind of a CLR resource type.</summary>
    /// <param name="type">A type deriving from <see cref="Resource"/>.</param>
    /// <returns>The kind, or <see langword="null"/> when the type is not a known kind.</returns>
    public static ResourceKind? ForType(Type type)
    {
        foreach (var k in All)
        {
            if (k.ClrType == type)
            {
                return k;
            }
        }

        return null;
    }
}
