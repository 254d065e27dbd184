using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Calico.Conformance.Netpol;

/// <summary>Reads a folder of case files (format: tests/data/netpol/README.md), reporting bad input precisely.</summary>
internal static partial class NetpolCaseReader
{
    public static readonly string[] Peers = ["host", "external"];

    public static List<NetpolCase> ReadFolder(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidDataException($"{directory}: no such directory");
        }

        var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidDataException($"{directory}: no *.json case files");
        }

        return [.. files.Select(Read)];
    }

    public static NetpolCase Read(string path)
    {
        var file = Path.GetFileName(path);
        using var document = ParseDocument(path, file);
        var root = document.RootElement.Clone();
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Bad(file, "$", "the file must hold one JSON object");
        }

        var name = OptionalString(root, "name", file) ?? file;
        var (step, of) = (1, 1);
        if (root.TryGetProperty("step", out var stepElement))
        {
            step = Int(stepElement, "index", file, "step.index");
            of = Int(stepElement, "of", file, "step.of");
            if (step < 1 || step > of)
            {
                throw Bad(file, "step", $"index {step} is not within 1..{of}");
            }
        }

        var scenario = of > 1 ? StepSuffix().Replace(file, string.Empty) : file;
        var namespaces = LabelMap(Required(root, "namespaces", file), file, "namespaces");
        var pods = LabelMap(Required(root, "pods", file), file, "pods");
        foreach (var pod in pods.Keys)
        {
            var slash = pod.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == pod.Length - 1 || !namespaces.ContainsKey(pod[..slash]))
            {
                throw Bad(file, $"pods.{pod}", "pod keys are <namespace>/<pod> with a namespace listed in 'namespaces'");
            }
        }

        var ports = ServerPorts(root, pods.Keys, file);
        var serviceAccounts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("serviceAccounts", out var sas))
        {
            foreach (var (pod, value) in LabelMapFlat(sas, file, "serviceAccounts"))
            {
                if (!pods.ContainsKey(pod))
                {
                    throw Bad(file, $"serviceAccounts.{pod}", "not a pod of this case");
                }

                serviceAccounts[pod] = value;
            }
        }

        var action = OptionalString(root, "defaultEndpointToHostAction", file);
        if (action is not (null or "Drop" or "Accept" or "Return"))
        {
            throw Bad(file, "defaultEndpointToHostAction", $"'{action}' is not Drop, Accept or Return");
        }

        return new NetpolCase(
            file,
            name,
            scenario,
            step,
            of,
            namespaces,
            pods,
            ports,
            serviceAccounts,
            Array(root, "policies", file),
            Array(root, "calicoResources", file),
            action,
            Probes(Required(root, "probes", file), pods, file));
    }

    public static InvalidDataException Bad(string file, string field, string message) => new($"{file}: {field}: {message}");

    private static JsonDocument ParseDocument(string path, string file)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw Bad(file, $"line {e.LineNumber + 1}", "invalid JSON: " + e.Message);
        }
    }

    private static Dictionary<string, IReadOnlyList<ServerPort>> ServerPorts(JsonElement root, IEnumerable<string> pods, string file)
    {
        var result = new Dictionary<string, IReadOnlyList<ServerPort>>(StringComparer.Ordinal);
        if (root.TryGetProperty("podServerPorts", out var perPod))
        {
            if (perPod.ValueKind != JsonValueKind.Object)
            {
                throw Bad(file, "podServerPorts", "must map pod keys to lists of ports");
            }

            foreach (var pod in pods)
            {
                result[pod] = perPod.TryGetProperty(pod, out var list) ? PortList(list, file, $"podServerPorts.{pod}") : [];
            }

            foreach (var property in perPod.EnumerateObject())
            {
                if (!result.ContainsKey(property.Name))
                {
                    throw Bad(file, $"podServerPorts.{property.Name}", "not a pod of this case");
                }
            }

            return result;
        }

        var shared = PortList(Required(root, "serverPorts", file), file, "serverPorts");
        foreach (var pod in pods)
        {
            result[pod] = shared;
        }

        return result;
    }

    private static List<ServerPort> PortList(JsonElement list, string file, string field)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Bad(file, field, "must be a list of {port, protocol, name}");
        }

        var result = new List<ServerPort>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var where = $"{field}[{i++}]";
            var port = Int(item, "port", file, where + ".port");
            var protocol = ProtocolOf(item, file, where);
            if (port is < 1 or > 65535)
            {
                throw Bad(file, where + ".port", $"{port} is not 1-65535");
            }

            var name = OptionalString(item, "name", file)
                ?? string.Create(CultureInfo.InvariantCulture, $"serve-{port}-{protocol.ToLowerInvariant()}");
            result.Add(new ServerPort(port, protocol, name));
        }

        return result;
    }

    private static List<Probe> Probes(JsonElement list, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> pods, string file)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Bad(file, "probes", "must be a list");
        }

        var result = new List<Probe>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var where = $"probes[{i}]";
            var from = OptionalString(item, "from", file) ?? throw Bad(file, where + ".from", "required");
            var to = OptionalString(item, "to", file) ?? throw Bad(file, where + ".to", "required");
            foreach (var (peer, field) in new[] { (from, "from"), (to, "to") })
            {
                if (!pods.ContainsKey(peer) && !Peers.Contains(peer))
                {
                    throw Bad(file, $"{where}.{field}", $"'{peer}' is not a pod of this case, 'host' or 'external'");
                }
            }

            if (!item.TryGetProperty("allowed", out var allowed) || allowed.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw Bad(file, where + ".allowed", "true or false is required");
            }

            var loopback = item.TryGetProperty("loopback", out var lb) && lb.ValueKind == JsonValueKind.True;
            result.Add(new Probe(i, from, to, Int(item, "port", file, where + ".port"), ProtocolOf(item, file, where), allowed.GetBoolean(), loopback));
            i++;
        }

        return result;
    }

    private static string ProtocolOf(JsonElement item, string file, string where)
    {
        var protocol = OptionalString(item, "protocol", file) ?? "TCP";
        return protocol is "TCP" or "UDP" or "SCTP" ? protocol : throw Bad(file, where + ".protocol", $"'{protocol}' is not TCP, UDP or SCTP");
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> LabelMap(JsonElement element, string file, string field)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Bad(file, field, "must be an object");
        }

        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = LabelMapFlat(property.Value, file, $"{field}.{property.Name}");
        }

        return result;
    }

    private static Dictionary<string, string> LabelMapFlat(JsonElement element, string file, string field)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Bad(file, field, "must be an object of strings");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw Bad(file, $"{field}.{property.Name}", "must be a string");
        }

        return result;
    }

    private static JsonElement Required(JsonElement root, string name, string file) =>
        root.TryGetProperty(name, out var value) ? value : throw Bad(file, name, "required");

    private static List<JsonElement> Array(JsonElement root, string name, string file)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : throw Bad(file, name, "must be a list");
    }

    private static string? OptionalString(JsonElement item, string name, string file)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Bad(file, name, "must be a string");
    }

    private static int Int(JsonElement item, string name, string file, string field) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.TryGetInt32(out var n)
            ? n
            : throw Bad(file, field, "an integer is required");

    [GeneratedRegex(@"-step\d+\.json$")]
    private static partial Regex StepSuffix();
}
