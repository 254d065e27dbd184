using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Calico.Cni.Cni;

/// <summary>Writes results and errors in the requested spec version and reads other plugins' results.</summary>
internal static class CniJson
{
    // Relaxed escaping: messages stay readable ('name' rather than \u0027name\u0027); the output is never HTML.
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteResult(Stream output, string version, CniResult result)
    {
        using var w = new Utf8JsonWriter(output, Options);
        w.WriteStartObject();
        w.WriteString("cniVersion", version);
        w.WriteStartArray("interfaces");
        foreach (var i in result.Interfaces)
        {
            w.WriteStartObject();
            w.WriteString("name", i.Name);
            if (i.Mac is not null)
            {
                w.WriteString("mac", i.Mac);
            }

            if (i.Mtu is { } mtu && CniVersions.Compare(version, "1.1.0") >= 0)
            {
                w.WriteNumber("mtu", mtu);
            }

            if (i.Sandbox is not null)
            {
                w.WriteString("sandbox", i.Sandbox);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("ips");
        foreach (var ip in result.Ips)
        {
            w.WriteStartObject();
            if (CniVersions.HasIpVersionField(version))
            {
                w.WriteString("version", ip.Address.AddressFamily == AddressFamily.InterNetworkV6 ? "6" : "4");
            }

            w.WriteString("address", ip.ToString());
            if (ip.Gateway is not null)
            {
                w.WriteString("gateway", ip.Gateway.ToString());
            }

            if (ip.Interface is { } index)
            {
                w.WriteNumber("interface", index);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("routes");
        foreach (var r in result.Routes)
        {
            w.WriteStartObject();
            w.WriteString("dst", r.Destination + "/" + r.PrefixLength.ToString(CultureInfo.InvariantCulture));
            if (r.Gateway is not null)
            {
                w.WriteString("gw", r.Gateway.ToString());
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("dns");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteError(Stream output, string version, CniException error)
    {
        using var w = new Utf8JsonWriter(output, Options);
        w.WriteStartObject();
        w.WriteString("cniVersion", version);
        w.WriteNumber("code", error.Code);
        w.WriteString("msg", error.Message);
        if (!string.IsNullOrEmpty(error.Details))
        {
            w.WriteString("details", error.Details);
        }

        w.WriteEndObject();
    }

    public static void WriteVersion(Stream output, string version)
    {
        using var w = new Utf8JsonWriter(output, Options);
        w.WriteStartObject();
        w.WriteString("cniVersion", version);
        w.WriteStartArray("supportedVersions");
        foreach (var v in CniVersions.Supported)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Reads the <c>ips</c> of a result (a delegated IPAM answer or a prevResult).</summary>
    public static List<CniIp> ReadIps(JsonElement result, string source)
    {
        var ips = new List<CniIp>();
        if (!result.TryGetProperty("ips", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return ips;
        }

        foreach (var item in array.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("address", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : string.Empty;
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
                || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
            {
                throw new CniException(CniCodes.DecodeFailure, $"{source}: ips[].address '{text}' is not an address/prefix");
            }

            IPAddress? gateway = item.TryGetProperty("gateway", out var g) && g.ValueKind == JsonValueKind.String && IPAddress.TryParse(g.GetString(), out var gw) ? gw : null;
            int? index = item.TryGetProperty("interface", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : null;
            ips.Add(new CniIp(address, prefix, gateway, index));
        }

        return ips;
    }
}
