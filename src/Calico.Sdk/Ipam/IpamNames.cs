using System.Text;
using Calico.Sdk.Hashing;

namespace Calico.Sdk.Ipam;

/// <summary>Resource names of IPAM objects, as Calico's Kubernetes backend forms them.</summary>
internal static class IpamNames
{
    /// <summary>The longest resource name.</summary>
    public const int MaxNameLength = 253;

    /// <summary>The IPAMBlock name of a CIDR: <c>10.0.0.0/26</c> → <c>10-0-0-0-26</c>.</summary>
    public static string Block(IpCidr cidr) => Block(cidr.ToString());

    /// <summary>The IPAMBlock name of a CIDR string.</summary>
    public static string Block(string cidr) => cidr.Replace('.', '-').Replace(':', '-').Replace('/', '-');

    /// <summary>
    /// The BlockAffinity name <c>&lt;host&gt;-&lt;block name&gt;</c>; when that would exceed 253 characters the host
    /// is truncated and 11 hex characters of SHA-256(host + block name) are appended, as Calico does.
    /// </summary>
    public static string Affinity(string host, IpCidr cidr)
    {
        var blockName = Block(cidr);
        var name = host + "-" + blockName;
        if (name.Length < MaxNameLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(Sha256.HashData(Encoding.UTF8.GetBytes(host + blockName)))[..11];
        var keep = MaxNameLength - blockName.Length - hash.Length - 2;
        return host[..keep] + "-" + hash + "-" + blockName;
    }

    /// <summary>The name prefix shared by every affinity name of a (short) host.</summary>
    public static string AffinityPrefix(string host) => host + "-";

    /// <summary>Checks a handle id: it becomes a resource name, so it must be a non-empty, printable key without '/'.</summary>
    public static void ValidateHandle(string handleId, string paramName)
    {
        ArgumentNullException.ThrowIfNull(handleId, paramName);
        string? why = handleId.Length == 0 ? "is empty"
            : handleId.Length > MaxNameLength ? $"is {handleId.Length} characters long (at most {MaxNameLength})"
            : handleId is "." or ".." ? "is '.' or '..'"
            : handleId.Contains('/', StringComparison.Ordinal) ? "contains '/'"
            : handleId.Any(char.IsControl) ? "contains a control character"
            : handleId.Any(char.IsWhiteSpace) ? "contains white space"
            : null;
        if (why is not null)
        {
            throw new ArgumentException($"handle id '{Printable(handleId)}' {why}", paramName);
        }
    }

    /// <summary>Checks a node name (it becomes part of affinity names and the <c>host:</c> affinity).</summary>
    public static void ValidateNode(string node, string paramName)
    {
        ArgumentNullException.ThrowIfNull(node, paramName);
        string? why = node.Length == 0 ? "is empty"
            : node.Length > MaxNameLength ? $"is {node.Length} characters long (at most {MaxNameLength})"
            : node.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')) ? "is not a DNS-1123 subdomain (lower-case letters, digits, '-', '.')"
            : null;
        if (why is not null)
        {
            throw new ArgumentException($"node name '{Printable(node)}' {why}", paramName);
        }
    }

    private static string Printable(string text) =>
        new(text.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
