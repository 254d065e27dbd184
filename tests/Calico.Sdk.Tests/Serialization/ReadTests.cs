using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Xunit;

namespace Calico.Sdk.Tests.Serialization;

public sealed class ReadTests
{
    private const string PoolDoc = """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata:
          name: pool-1
        spec:
          cidr: 10.1.0.0/16
        """;

    [Fact]
    public void Multi_document_stream_yields_every_resource_and_skips_empty_documents()
    {
        var text = PoolDoc + "\n---\n---\n" + """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkSet
            metadata:
              name: set-1
            spec:
              nets: [10.0.0.0/8]
            """;

        var resources = ResourceSerializer.Read(text);

        Assert.Collection(
            resources,
            r => Assert.Equal("10.1.0.0/16", Assert.IsType<IPPool>(r).Spec.Cidr),
            r => Assert.Equal(["10.0.0.0/8"], Assert.IsType<GlobalNetworkSet>(r).Spec.Nets!));
    }

    [Fact]
    public void Generic_list_of_mixed_kinds_is_flattened()
    {
        var text = """
            apiVersion: v1
            kind: List
            metadata: {}
            items:
            - apiVersion: projectcalico.org/v3
              kind: Tier
              metadata: {name: t1}
              spec: {order: 5}
            - apiVersion: networking.k8s.io/v1
              kind: NetworkPolicy
              metadata: {name: deny-all, namespace: web}
              spec: {podSelector: {}}
            """;

        var resources = ResourceSerializer.Read(text);

        Assert.Equal(5, Assert.IsType<Tier>(resources[0]).Spec.Order);
        Assert.Equal("deny-all", Assert.IsType<KubernetesNetworkPolicy>(resources[1]).Metadata.Name);
    }

    [Fact]
    public void Typed_list_items_may_omit_their_kind_and_api_version()
    {
        var text = """
            apiVersion: projectcalico.org/v3
            kind: IPPoolList
            metadata:
              resourceVersion: "7"
            items:
            - metadata: {name: a}
              spec: {cidr: 10.0.0.0/24}
            - metadata: {name: b}
              spec: {cidr: 10.0.1.0/24}
            """;

        var resources = ResourceSerializer.Read(text);

        Assert.Equal(["a", "b"], resources.Select(r => Assert.IsType<IPPool>(r).Metadata.Name));
        Assert.All(resources, r => Assert.Equal(ApiGroups.ProjectCalicoV3, r.ApiVersion));
    }

    [Fact]
    public void Empty_typed_list_yields_nothing()
    {
        Assert.Empty(ResourceSerializer.Read("apiVersion: projectcalico.org/v3\nkind: TierList\nmetadata: {}\nitems: []\n"));
    }

    [Fact]
    public void Json_input_single_concatenated_and_list()
    {
        var one = """{"kind":"Tier","apiVersion":"projectcalico.org/v3","metadata":{"name":"a"},"spec":{"order":1}}""";
        var list = """{"kind":"List","apiVersion":"v1","items":[{"kind":"Tier","apiVersion":"projectcalico.org/v3","metadata":{"name":"b"}}]}""";

        var resources = ResourceSerializer.Read(one + "\n" + one.Replace("\"a\"", "\"c\"", StringComparison.Ordinal) + list);

        Assert.Equal(["a", "c", "b"], resources.Select(r => r.Metadata.Name));
    }

    [Fact]
    public void Plain_scalars_resolve_per_yaml_core_schema_and_quoted_scalars_stay_strings()
    {
        var pool = ResourceSerializer.ReadSingle<IPPool>("""
            apiVersion: projectcalico.org/v3
            kind: IPPool
            metadata:
              name: p
              labels:
                quoted: "true"
                single: '123'
                tagged: !!str 456
            spec:
              cidr: 10.0.0.0/16
              blockSize: 0x1A
              natOutgoing: True
              disabled: FALSE
              nodeSelector: ~
            """);

        Assert.Equal(26, pool.Spec.BlockSize);
        Assert.True(pool.Spec.NatOutgoing);
        Assert.False(pool.Spec.Disabled);
        Assert.Null(pool.Spec.NodeSelector);
        Assert.Equal("true", pool.Metadata.Labels!["quoted"]);
        Assert.Equal("123", pool.Metadata.Labels["single"]);
        Assert.Equal("456", pool.Metadata.Labels["tagged"]);
    }

    [Fact]
    public void Anchors_and_aliases_are_expanded()
    {
        var policy = ResourceSerializer.ReadSingle<GlobalNetworkPolicy>("""
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: p}
            spec:
              ingress:
              - &allow {action: Allow, protocol: TCP}
              egress:
              - *allow
            """);

        Assert.Equal("Allow", policy.Spec.Egress![0].Action);
        Assert.Equal(ProtocolValue.Tcp, policy.Spec.Egress[0].Protocol);
        Assert.NotSame(policy.Spec.Ingress![0], policy.Spec.Egress[0]);
    }

    [Fact]
    public void Number_or_string_values_keep_their_meaning()
    {
        var policy = ResourceSerializer.ReadSingle<NetworkPolicy>("""
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: p, namespace: n}
            spec:
              ingress:
              - action: Allow
                protocol: "6"
                destination:
                  ports: [80, "443", "8000:9000", http]
            """);

        var rule = policy.Spec.Ingress![0];
        Assert.Equal(6, rule.Protocol!.Value.Number);
        Assert.Equal([Port.FromNumber(80), Port.FromNumber(443), Port.FromRange(8000, 9000), Port.FromName("http")], rule.Destination!.Ports!);
        Assert.Contains("- 443\n", ResourceSerializer.ToYaml(policy), StringComparison.Ordinal);
    }

    [Fact]
    public void Dotted_as_numbers_are_read_and_written_as_plain_numbers()
    {
        var peer = ResourceSerializer.ReadSingle<BGPPeer>("apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: p}\nspec: {asNumber: \"1.10\", localASNumber: 64512}\n");

        Assert.Equal(65546u, peer.Spec.AsNumber!.Value.Value);
        Assert.Contains("asNumber: 65546\n", ResourceSerializer.ToYaml(peer), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_options_apply_defaults_and_validate()
    {
        var resources = ResourceSerializer.Read(PoolDoc, new ReadOptions { ApplyDefaults = true, Validate = true });

        var pool = Assert.IsType<IPPool>(Assert.Single(resources));
        Assert.Equal(26, pool.Spec.BlockSize);
        Assert.Equal("all()", pool.Spec.NodeSelector);
    }

    [Fact]
    public void Read_single_rejects_another_kind()
    {
        var ex = Assert.Throws<ResourceValidationException>(() => ResourceSerializer.ReadSingle<Tier>(PoolDoc));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(("kind", "IPPool"), (error.Path, error.Value));
    }
}
