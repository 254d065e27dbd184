using System.Globalization;
using System.Text.Json;
using Calico.Cni.Cni;

namespace Calico.Cni.Config;

/// <summary>Reads a network configuration without reflection; every error names the field and the value.</summary>
internal static class NetConfParser
{
    public static NetConf Parse(byte[] raw)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new CniException(CniCodes.DecodeFailure, "network configuration on stdin is not valid JSON: " + e.Message);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CniException(CniCodes.DecodeFailure, "network configuration on stdin is not a JSON object");
            }

            var version = Str(root, "cniVersion") ?? "0.2.0";
            var name = Str(root, "name");
            var ipam = root.TryGetProperty("ipam", out var ipamEl) && ipamEl.ValueKind == JsonValueKind.Object ? ParseIpam(ipamEl) : new IpamConf();
            var timeout = Num(root, "policy_setup_timeout_seconds") ?? 30;
            if (timeout < 0)
            {
                throw Invalid("policy_setup_timeout_seconds", timeout.ToString(CultureInfo.InvariantCulture), "must not be negative");
            }

            var store = Str(root, "datastore_type") ?? "sqlite";
            if (store is not ("sqlite" or "etcdv3"))
            {
                throw Invalid("datastore_type", store, "must be 'sqlite' or 'etcdv3'");
            }

            var mtu = (int)(Num(root, "mtu") ?? 0);
            if (mtu != 0 && (mtu < 68 || mtu > 65535))
            {
                throw Invalid("mtu", mtu.ToString(CultureInfo.InvariantCulture), "must be 0 (kernel default) or 68-65535");
            }

            var (attachments, hasAttachments) = ParseAttachments(root);
            return new NetConf
            {
                CniVersion = version,
                Name = string.IsNullOrEmpty(name) ? throw Invalid("name", name ?? "<missing>", "is required") : name,
                Type = Str(root, "type") ?? "calico",
                Ipam = ipam,
                DatastoreType = store,
                SqlitePath = Str(root, "sqlite_path") ?? "/var/lib/calico/calico.db",
                EtcdEndpoints = ParseEndpoints(Str(root, "etcd_endpoints")),
                EtcdCaCertFile = Str(root, "etcd_ca_cert_file"),
                EtcdCertFile = Str(root, "etcd_cert_file"),
                EtcdKeyFile = Str(root, "etcd_key_file"),
                Nodename = Str(root, "nodename"),
                NodenameFile = Str(root, "nodename_file") ?? "/var/lib/calico/nodename",
                NodenameFileOptional = Bool(root, "nodename_file_optional") ?? false,
                Mtu = mtu,
                EndpointStatusDir = Str(root, "endpoint_status_dir") ?? "/var/run/calico/endpoint-status",
                PolicySetupTimeout = TimeSpan.FromSeconds(timeout),
                IpamLockFile = Str(root, "ipam_lock_file") ?? "/var/run/calico/ipam.lock",
                AllowIpForwarding = root.TryGetProperty("container_settings", out var cs) && cs.ValueKind == JsonValueKind.Object
                    && (Bool(cs, "allow_ip_forwarding") ?? false),
                RuntimeLabels = ParseLabels(root),
                PrevResult = root.TryGetProperty("prevResult", out var prev) && prev.ValueKind == JsonValueKind.Object ? prev.Clone() : null,
                ValidAttachments = attachments,
                HasValidAttachments = hasAttachments,
                Raw = raw,
            };
        }
    }

    private static IpamConf ParseIpam(JsonElement e)
    {
        var type = Str(e, "type") ?? throw Invalid("ipam.type", "<missing>", "is required");
        if (type.Length == 0 || !type.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') || type is "." or "..")
        {
            throw Invalid("ipam.type", type, "must match [A-Za-z0-9_.-]+ (a plugin name looked up in CNI_PATH)");
        }

        return new IpamConf
        {
            Type = type,
            AssignIPv4 = FlagString(e, "assign_ipv4") ?? true,
            AssignIPv6 = FlagString(e, "assign_ipv6") ?? false,
            IPv4Pools = StrList(e, "ipv4_pools", "ipam."),
            IPv6Pools = StrList(e, "ipv6_pools", "ipam."),
        };
    }

    private static IReadOnlyDictionary<string, string> ParseLabels(JsonElement root)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("runtimeConfig", out var rc) && rc.ValueKind == JsonValueKind.Object
            && rc.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in l.EnumerateObject())
            {
                labels[p.Name] = p.Value.ValueKind == JsonValueKind.String
                    ? p.Value.GetString()!
                    : throw Invalid("runtimeConfig.labels." + p.Name, p.Value.GetRawText(), "must be a string");
            }
        }

        return labels;
    }

    private static (IReadOnlyList<(string, string)>, bool) ParseAttachments(JsonElement root)
    {
        if (!root.TryGetProperty("cni.dev/valid-attachments", out var a))
        {
            return ([], false);
        }

        if (a.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("cni.dev/valid-attachments", a.GetRawText(), "must be an array");
        }

        var list = new List<(string, string)>();
        foreach (var item in a.EnumerateArray())
        {
            var id = item.ValueKind == JsonValueKind.Object ? Str(item, "containerID") : null;
            var ifName = item.ValueKind == JsonValueKind.Object ? Str(item, "ifname") : null;
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(ifName))
            {
                throw Invalid("cni.dev/valid-attachments[]", item.GetRawText(), "each entry needs containerID and ifname");
            }

            list.Add((id, ifName));
        }

        return (list, true);
    }

    private static IReadOnlyList<Uri> ParseEndpoints(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var list = new List<Uri>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            list.Add(Uri.TryCreate(part, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw Invalid("etcd_endpoints", part, "each endpoint must be an absolute http:// or https:// URL"));
        }

        return list;
    }

    private static string? Str(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw Invalid(name, v.GetRawText(), "must be a string");

    private static double? Num(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble()
        : throw Invalid(name, v.GetRawText(), "must be a number");

    private static bool? Bool(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
        : throw Invalid(name, v.GetRawText(), "must be true or false");

    // Calico spells these flags as strings ("true"/"false"); booleans are accepted too.
    private static bool? FlagString(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(v.GetString(), out var b) => b,
            _ => throw Invalid("ipam." + name, v.GetRawText(), "must be \"true\" or \"false\""),
        };
    }

    private static List<string> StrList(JsonElement e, string name, string path)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
        {
            throw Invalid(path + name, v.GetRawText(), "must be an array of strings");
        }

        return [.. v.EnumerateArray().Select(x => x.GetString()!)];
    }

    private static CniException Invalid(string field, string value, string why) =>
        new(CniCodes.InvalidConfig, $"network configuration field '{field}' = {value}: {why}");
}
