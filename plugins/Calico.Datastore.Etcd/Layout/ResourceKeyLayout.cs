using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Datastore.Etcd.Layout;

/// <summary>
/// Calico's v3 layout: <c>/calico/resources/v3/projectcalico.org/&lt;plural&gt;/&lt;name&gt;</c> for cluster-scoped
/// kinds and <c>.../&lt;plural&gt;/&lt;namespace&gt;/&lt;name&gt;</c> for namespaced ones; the value is the JSON
/// resource without <c>resourceVersion</c> (the key's mod_revision is the revision).
/// </summary>
internal sealed class ResourceKeyLayout : EtcdKeyLayout
{
    public const string Root = "/calico/resources/v3/";

    private readonly string _prefix;

    public ResourceKeyLayout(ResourceKind kind)
        : base(kind)
    {
        var slash = kind.ApiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? kind.ApiVersion : kind.ApiVersion[..slash];
        _prefix = Root + group + "/" + kind.Plural + "/";
    }

    public override string RangeStart => _prefix;

    public override string RangeEnd => PrefixEnd(_prefix);

    public override string KeyOf(Resource stored) => Key(stored.Metadata.Namespace, stored.Metadata.Name!);

    public override IReadOnlyList<string> CandidateKeys(string? @namespace, string name) => [Key(@namespace, name)];

    public override bool TryParseKey(string key, out string? @namespace, out string name)
    {
        @namespace = null;
        name = string.Empty;
        if (!key.StartsWith(_prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key[_prefix.Length..];
        if (Kind.Namespaced)
        {
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == rest.Length - 1)
            {
                return false;
            }

            @namespace = rest[..slash];
            name = rest[(slash + 1)..];
        }
        else
        {
            name = rest;
        }

        return name.Length > 0 && !name.Contains('/', StringComparison.Ordinal);
    }

    public override (string Start, string End) ListRange(string? @namespace, string? namePrefix)
    {
        if (Kind.Namespaced && @namespace is null)
        {
            // Every namespace: the name prefix is filtered per key.
            return (RangeStart, RangeEnd);
        }

        var start = _prefix + (@namespace is null ? string.Empty : @namespace + "/") + (namePrefix ?? string.Empty);
        return (start, PrefixEnd(start));
    }

    public override byte[] Encode(Resource stored, int maxValueBytes) => ResourceCodec.Encode(Kind, stored, maxValueBytes);

    public override Resource Decode(string key, ReadOnlySpan<byte> value, string? @namespace, string name, string revision) =>
        ResourceCodec.Decode(Kind, value, @namespace, name, revision);

    private string Key(string? @namespace, string name) =>
        Kind.Namespaced ? _prefix + @namespace + "/" + name : _prefix + name;
}
