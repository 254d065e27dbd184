using Calico.Sdk.Resources;
using Calico.Sdk.Validation;
using Xunit;
using static Calico.Sdk.Tests.Validation.ValidationAssert;

namespace Calico.Sdk.Tests.Validation;

public sealed class EndpointAndIpamValidationTests
{
    private static WorkloadEndpoint Wep() => (WorkloadEndpoint)Samples.AllValid().Single(r => r is WorkloadEndpoint);

    [Fact]
    public void Workload_addresses_are_host_routes()
    {
        var wep = Wep();
        wep.Spec.IpNetworks = ["10.0.0.0/24"];
        SingleError(wep, "spec.ipNetworks[0]", "10.0.0.0/24", "/32 (IPv4) or /128");
    }

    [Fact]
    public void Workload_interface_mac_and_gateways()
    {
        var wep = Wep();
        wep.Spec.InterfaceName = "cali0123456789abcdef";
        wep.Spec.Mac = "ee:ee:ee";
        wep.Spec.IPv4Gateway = "fe80::1";
        var errors = ResourceValidator.Validate(wep);
        Assert.Equal([("spec.ipv4Gateway", "fe80::1"), ("spec.interfaceName", "cali0123456789abcdef"), ("spec.mac", "ee:ee:ee")], errors.Select(e => (e.Path, e.Value)));
    }

    [Fact]
    public void Named_ports_need_a_name_a_transport_protocol_and_a_port()
    {
        var wep = Wep();
        wep.Spec.Ports = [new WorkloadEndpointPort { Name = "ping", Protocol = ProtocolValue.Icmp, Port = 0 }];
        var errors = ResourceValidator.Validate(wep);
        Assert.Equal([("spec.ports[0].protocol", "ICMP"), ("spec.ports[0].port", "0")], errors.Select(e => (e.Path, e.Value)));
    }

    [Fact]
    public void Host_endpoint_needs_a_node_and_an_interface_or_addresses()
    {
        var hep = new HostEndpoint { Metadata = { Name = "h" } };
        var errors = ResourceValidator.Validate(hep);
        Assert.Equal(["spec.node", "spec"], errors.Select(e => e.Path));
        hep.Spec.Node = "n1";
        hep.Spec.ExpectedIPs = ["192.0.2.1", "not-an-ip"];
        SingleError(hep, "spec.expectedIPs[1]", "not-an-ip", "IP address");
        hep.Spec.ExpectedIPs = null;
        hep.Spec.InterfaceName = "*";
        Valid(hep);
    }

    [Fact]
    public void Node_bgp_addresses_have_the_right_family()
    {
        var node = new Node { Metadata = { Name = "n" }, Spec = { Bgp = new NodeBgpSpec { IPv4Address = "2001:db8::1/64", RouteReflectorClusterId = "not-ipv4" } } };
        var errors = ResourceValidator.Validate(node);
        Assert.Equal([("spec.bgp.ipv4Address", "2001:db8::1/64"), ("spec.bgp.routeReflectorClusterID", "not-ipv4")], errors.Select(e => (e.Path, e.Value)));
    }

    [Fact]
    public void Node_address_types_are_an_enum()
    {
        var node = new Node { Metadata = { Name = "n" }, Spec = { Addresses = [new NodeAddress { Address = "192.0.2.1", Type = "PublicIP" }] } };
        SingleError(node, "spec.addresses[0].type", "PublicIP", "CalicoNodeIP, InternalIP, ExternalIP");
    }

    [Fact]
    public void Ipam_block_slots_match_the_block_size()
    {
        var block = new IPAMBlock { Metadata = { Name = "b" }, Spec = { Cidr = "10.0.0.0/30", Allocations = [null, 5], Unallocated = [0, 0, 9], Attributes = [] } };
        var errors = ResourceValidator.Validate(block);
        Assert.Equal(
            [("spec.allocations", "2"), ("spec.allocations[1]", "5"), ("spec.unallocated[1]", "0"), ("spec.unallocated[2]", "9")],
            errors.Select(e => (e.Path, e.Value)));
    }

    [Fact]
    public void Ipam_block_affinity_has_a_prefix()
    {
        var block = new IPAMBlock { Metadata = { Name = "b" }, Spec = { Cidr = "10.0.0.0/30", Affinity = "node1" } };
        SingleError(block, "spec.affinity", "node1", "host:<node>");
    }

    [Fact]
    public void Block_affinity_state_and_type_are_enums()
    {
        var affinity = new BlockAffinity { Metadata = { Name = "a" }, Spec = { Node = "n", Cidr = "10.0.0.0/26", State = "active", Type = "vm" } };
        var errors = ResourceValidator.Validate(affinity);
        Assert.Equal([("spec.state", "active"), ("spec.type", "vm")], errors.Select(e => (e.Path, e.Value)));
    }

    [Fact]
    public void Ipam_handle_blocks_are_cidrs()
    {
        var handle = new IPAMHandle { Metadata = { Name = "h" }, Spec = { HandleId = "h", Block = new Dictionary<string, int> { ["10.0.0.1/26"] = 1 } } };
        SingleError(handle, "spec.block['10.0.0.1/26']", "10.0.0.1/26", "strictly masked");
    }

    [Fact]
    public void Ipam_configuration_limits_and_library_rules()
    {
        var config = new IPAMConfiguration { Metadata = { Name = "default" }, Spec = { MaxBlocksPerHost = 3, IpCooldownSeconds = 1201, AutoAllocateBlocks = false } };
        var errors = ResourceValidator.Validate(config);
        Assert.Equal(["spec.ipCooldownSeconds", "spec.maxBlocksPerHost", "spec.autoAllocateBlocks"], errors.Select(e => e.Path));
        SingleError(new IPAMConfiguration { Metadata = { Name = "default" }, Spec = { MaxBlocksPerHost = 1_000_001, StrictAffinity = true } }, "spec.maxBlocksPerHost", "1000001", "between 0 and 1000000");
    }

    [Fact]
    public void Ip_reservation_entries_are_addresses_or_cidrs() =>
        SingleError(new IPReservation { Metadata = { Name = "r" }, Spec = { ReservedCidrs = ["10.0.0.0/8", "10.0.0.256"] } }, "spec.reservedCIDRs[1]", "10.0.0.256", "IP address or a CIDR");
}
