using System.Globalization;
using System.Text.RegularExpressions;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>Field-level checks shared by the kind validators.</summary>
internal static partial class FieldRules
{
    public const int MaxSelectorLength = 1024;

    /// <summary>Checks a CIDR; returns the parsed network when valid.</summary>
    /// <param name="ctx">Where errors go.</param>
    /// <param name="path">The field path.</param>
    /// <param name="text">The CIDR text.</param>
    /// <param name="allowBareAddress">Whether a bare address is accepted (as /32 or /128).</param>
    /// <param name="requireMasked">Whether host bits must be zero.</param>
    public static IPNet? Cidr(ValidationContext ctx, string path, string? text, bool allowBareAddress, bool requireMasked)
    {
        if (text is null)
        {
            return null;
        }

        if (!IPNet.TryParse(text, allowBareAddress, out var net))
        {
            ctx.Add(path, text, allowBareAddress ? "must be an IP address or a CIDR" : "must be a CIDR (address/prefix-length)");
            return null;
        }

        if (requireMasked && !net.IsMasked)
        {
            ctx.Add(path, text, $"CIDR must be strictly masked (host bits zero), e.g. {net.Masked}");
            return null;
        }

        return net;
    }

    /// <summary>Checks an IP address, optionally of one family (4 or 6).</summary>
    public static bool Address(ValidationContext ctx, string path, string? text, int? version = null)
    {
        if (text is null)
        {
            return true;
        }

        if (!IPNet.TryParseAddress(text, out var address))
        {
            ctx.Add(path, text, "must be an IP address");
            return false;
        }

        var isV4 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        if (version is 4 && !isV4)
        {
            ctx.Add(path, text, "must be an IPv4 address");
            return false;
        }

        if (version is 6 && isV4)
        {
            ctx.Add(path, text, "must be an IPv6 address");
            return false;
        }

        return true;
    }

    /// <summary>Checks a list of CIDRs: each valid, optionally all of one family; returns the family (4/6) or null.</summary>
    public static int? CidrList(ValidationContext ctx, string path, IList<string>? list, bool allowBareAddress, bool requireMasked, bool oneFamily)
    {
        if (list is null)
        {
            return null;
        }

        int? family = null;
        for (var i = 0; i < list.Count; i++)
        {
            var itemPath = Paths.Index(path, i);
            if (Cidr(ctx, itemPath, list[i], allowBareAddress, requireMasked) is not { } net)
            {
                continue;
            }

            if (oneFamily && family is { } f && f != net.Version)
            {
                ctx.Add(itemPath, list[i], "all CIDRs in the list must be of the same IP version");
            }

            family ??= net.Version;
        }

        return family;
    }

    /// <summary>Checks a Calico selector expression.</summary>
    public static void Selector(ValidationContext ctx, string path, string? text, bool allowGlobal = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (text.Length > MaxSelectorLength)
        {
            ctx.Add(path, text, string.Create(CultureInfo.InvariantCulture, $"selector must be at most {MaxSelectorLength} characters"));
            return;
        }

        if (!Selectors.Selector.TryParse(text, out var selector, out var error))
        {
            ctx.Add(path, text, "invalid selector: " + error.Message);
            return;
        }

        var canonical = selector.ToString();
        if (canonical.Contains("global()", StringComparison.Ordinal) && (!allowGlobal || canonical != "global()"))
        {
            ctx.Add(path, text, allowGlobal ? "global() may only be used on its own" : "global() is not allowed in this selector");
        }
    }

    /// <summary>Checks a label map: keys are qualified names, values are label values.</summary>
    public static void Labels(ValidationContext ctx, string path, IDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return;
        }

        foreach (var (key, value) in labels)
        {
            var keyPath = Paths.Key(path, key);
            if (QualifiedName(key) is { } keyError)
            {
                ctx.Add(keyPath, key, "invalid label key: " + keyError);
            }

            if (!NameRules.IsLabelValue(value))
            {
                ctx.Add(keyPath, value, "invalid label value: at most 63 characters of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric");
            }
        }
    }

    public static string? QualifiedName(string key) => key.Length == 0 ? "must not be empty" : NameRules.QualifiedNameError(key);

    /// <summary>Checks a Go duration such as <c>90s</c>, <c>1m30s</c> or <c>500ms</c>.</summary>
    public static void Duration(ValidationContext ctx, string path, string? text)
    {
        if (text is not null && !GoDuration().IsMatch(text))
        {
            ctx.Add(path, text, "must be a duration such as 90s, 1m30s or 500ms");
        }
    }

    /// <summary>Checks a MAC address (six colon- or dash-separated hex bytes).</summary>
    public static void Mac(ValidationContext ctx, string path, string? text)
    {
        if (text is not null && !MacAddress().IsMatch(text))
        {
            ctx.Add(path, text, "must be a MAC address such as ee:ee:ee:ee:ee:ee");
        }
    }

    /// <summary>Checks a port, range or named port value.</summary>
    public static void PortValue(ValidationContext ctx, string path, Port port)
    {
        if (port.IsNamed)
        {
            if (!NameRules.IsPortName(port.Name))
            {
                ctx.Add(path, port.Name, "must be a port number, a \"min:max\" range or a valid port name (at most 15 lower-case alphanumerics or '-', with a letter)");
            }

            return;
        }

        if (port.MinPort is < 0 or > 65535 || port.MaxPort is < 0 or > 65535)
        {
            ctx.Add(path, port.ToString(), "port must be between 0 and 65535");
        }
        else if (port.MinPort > port.MaxPort)
        {
            ctx.Add(path, port.ToString(), "port range minimum must not be greater than its maximum");
        }
    }

    /// <summary>Checks a protocol: a known name or a number 1–255.</summary>
    public static void Protocol(ValidationContext ctx, string path, ProtocolValue? protocol)
    {
        if (protocol is not { } p)
        {
            return;
        }

        if (p.Number is { } n)
        {
            if (n is < 1 or > 255)
            {
                ctx.Add(path, p.ToString(), "protocol number must be between 1 and 255");
            }
        }
        else if (!KnownProtocols.Contains(p.Name!))
        {
            ctx.Add(path, p.Name, "protocol must be one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number between 1 and 255");
        }
    }

    private static readonly HashSet<string> KnownProtocols = new(StringComparer.Ordinal)
    {
        "TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "UDPLite", "tcp", "udp", "icmp", "icmpv6", "sctp", "udplite",
    };

    [GeneratedRegex(@"^([-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$", RegexOptions.CultureInvariant)]
    private static partial Regex MacAddress();
}
