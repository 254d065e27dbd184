using System.Text;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Datastore.Etcd.Layout;

/// <summary>
/// Where one kind lives in etcd and how its values are encoded: Calico's etcdv3 layout. v3 resources are JSON
/// envelopes under <c>/calico/resources/v3/&lt;group&gt;/&lt;plural&gt;/</c>; IPAM objects use the older
/// <c>/calico/ipam/v2/</c> keys and value shapes that Calico's IPAM code reads.
/// </summary>
internal abstract class EtcdKeyLayout
{
    protected EtcdKeyLayout(ResourceKind kind)
    {
        Kind = kind;
    }

    public ResourceKind Kind { get; }

    /// <summary>The first key of the kind's range (inclusive).</summary>
    public abstract string RangeStart { get; }

    /// <summary>The end of the kind's range (exclusive).</summary>
    public abstract string RangeEnd { get; }

    /// <summary>The key of a stored object (validated key parts; IPAM layouts may use the spec too).</summary>
    public abstract string KeyOf(Resource stored);

    /// <summary>The possible keys of (namespace, name), most likely first; usually exactly one.</summary>
    public abstract IReadOnlyList<string> CandidateKeys(string? @namespace, string name);

    /// <summary>
    /// For names that do not determine their key (hashed BlockAffinity names): key prefixes to search for a key
    /// whose parsed name is the name; null when <see cref="CandidateKeys"/> applies.
    /// </summary>
    public virtual IReadOnlyList<string>? SearchPrefixes(string? @namespace, string name) => null;

    /// <summary>Recognises a key of this kind in the kind's range; false for other keys sharing the range.</summary>
    public abstract bool TryParseKey(string key, out string? @namespace, out string name);

    /// <summary>The part of the range a list with these filters needs; <see cref="Matches"/> filters further.</summary>
    public virtual (string Start, string End) ListRange(string? @namespace, string? namePrefix) => (RangeStart, RangeEnd);

    /// <summary>Whether a parsed key passes the list filters.</summary>
    public virtual bool Matches(string? keyNamespace, string keyName, string? @namespace, string? namePrefix) =>
        (@namespace is null || string.Equals(keyNamespace, @namespace, StringComparison.Ordinal))
        && (namePrefix is null || keyName.StartsWith(namePrefix, StringComparison.Ordinal));

    /// <summary>Encodes the stored form of a write.</summary>
    public abstract byte[] Encode(Resource stored, int maxValueBytes);

    /// <summary>Decodes a value; throws <see cref="DatastoreDataException"/> (Corrupt) when it cannot.</summary>
    public abstract Resource Decode(string key, ReadOnlySpan<byte> value, string? @namespace, string name, string revision);

    /// <summary>The smallest key greater than every key starting with <paramref name="prefix"/>.</summary>
    public static string PrefixEnd(string prefix)
    {
        var bytes = Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xff)
            {
                bytes[i]++;
                return Encoding.UTF8.GetString(bytes, 0, i + 1);
            }
        }

        return "\0";
    }

    protected DatastoreDataException InvalidKey(string? @namespace, string? name, string why) =>
        new(DataErrorReason.InvalidKey, $"Invalid name '{name}' for {Kind.Kind}: {why}.", Kind.Kind, @namespace, name);

    protected DatastoreDataException Corrupt(string? @namespace, string name, string revision, string why, Exception? inner = null) =>
        new(
            DataErrorReason.Corrupt,
            $"The stored value of {DatastoreException.Describe(Kind.Kind, @namespace, name)} at revision {revision} cannot be decoded: {why}.",
            Kind.Kind,
            @namespace,
            name,
            inner);
}
