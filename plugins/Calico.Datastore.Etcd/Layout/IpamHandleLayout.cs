using Calico.Sdk.Resources;

namespace Calico.Datastore.Etcd.Layout;

/// <summary>IPAMHandle at <c>/calico/ipam/v2/handle/&lt;handleID&gt;</c>; the resource name is the handle ID.</summary>
internal sealed class IpamHandleLayout(ResourceKind kind) : IpamLayout<V2Handle>(kind, IpamV2JsonContext.Default.V2Handle)
{
    private const string Prefix = Root + "handle/";

    public override string RangeStart => Prefix;

    public override string RangeEnd => PrefixEnd(Prefix);

    public override string KeyOf(Resource stored)
    {
        var name = stored.Metadata.Name!;
        var handleId = ((IPAMHandle)stored).Spec.HandleId;
        if (handleId is not null && !string.Equals(handleId, name, StringComparison.Ordinal))
        {
            throw InvalidKey(null, name, $"spec.handleID '{handleId}' differs from the name; an IPAMHandle is named by its handle ID");
        }

        return Prefix + name;
    }

    public override IReadOnlyList<string> CandidateKeys(string? @namespace, string name) => [Prefix + name];

    public override bool TryParseKey(string key, out string? @namespace, out string name)
    {
        @namespace = null;
        name = key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : string.Empty;
        return name.Length > 0 && !name.Contains('/', StringComparison.Ordinal);
    }

    public override (string Start, string End) ListRange(string? @namespace, string? namePrefix)
    {
        var start = Prefix + (namePrefix ?? string.Empty);
        return (start, PrefixEnd(start));
    }

    protected override V2Handle ToValue(Resource stored, StashedMetadata? metadata)
    {
        var spec = ((IPAMHandle)stored).Spec;
        return new V2Handle { Block = spec.Block ?? new Dictionary<string, int>(), Deleted = spec.Deleted ?? false, Metadata = metadata };
    }

    protected override Resource FromValue(V2Handle value, string key, string name, string revision) =>
        new IPAMHandle { Spec = new IPAMHandleSpec { HandleId = name, Block = value.Block, Deleted = value.Deleted } };

    protected override StashedMetadata? StashOf(V2Handle value) => value.Metadata;
}
