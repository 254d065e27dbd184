using System.Net;
using System.Net.Sockets;

namespace Calico.Datastore.Etcd.Layout;

/// <summary>
/// The three spellings of an IPAM block CIDR: <c>10.0.0.0/26</c> (value), <c>10.0.0.0-26</c> (etcd key part) and
/// <c>10-0-0-0-26</c> (resource name, as Calico names the Kubernetes objects).
/// </summary>
internal static class CidrNames
{
    public static bool TryParseCidr(string? text, out IPNetwork network)
    {
        network = default;
        return text is not null && IPNetwork.TryParse(text, out network) && string.Equals(network.ToString(), text, StringComparison.Ordinal);
    }

    public static int Version(IPNetwork network) => network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? 6 : 4;

    public static string KeyPart(IPNetwork network)
    {
        var text = network.ToString();
        var slash = text.LastIndexOf('/');
        return text[..slash] + "-" + text[(slash + 1)..];
    }

    public static bool TryParseKeyPart(string keyPart, out IPNetwork network)
    {
        network = default;
        var dash = keyPart.LastIndexOf('-');
        return dash > 0 && TryParseCidr(keyPart[..dash] + "/" + keyPart[(dash + 1)..], out network);
    }

    public static string Name(IPNetwork network) => network.ToString().Replace('.', '-').Replace(':', '-').Replace('/', '-');

    /// <summary>Reads a name made by <see cref="Name"/>: IPv4 names have five numeric parts; anything else is IPv6.</summary>
    public static bool TryParseName(string name, out IPNetwork network)
    {
        network = default;
        var dash = name.LastIndexOf('-');
        if (dash <= 0)
        {
            return false;
        }

        var address = name[..dash];
        var prefix = name[(dash + 1)..];
        var parts = address.Split('-');
        var candidate = parts.Length == 4 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit))
            ? string.Join('.', parts) + "/" + prefix
            : address.Replace('-', ':') + "/" + prefix;
        return TryParseCidr(candidate, out network) && string.Equals(Name(network), name, StringComparison.Ordinal);
    }
}
