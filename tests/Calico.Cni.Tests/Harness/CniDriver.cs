using System.Text.Json;
using System.Text.Json.Nodes;
using Calico.Sdk.Linux;
using Xunit;

namespace Calico.Cni.Tests.Harness;

/// <summary>One attachment as a runtime knows it.</summary>
internal sealed record Attachment(string ContainerId, string NetNs, string IfName = "eth0", string Args = "")
{
    /// <summary>Capability arguments (runtimeConfig), e.g. <c>portMappings</c>, <c>bandwidth</c>, <c>labels</c>.</summary>
    public Dictionary<string, JsonNode> Capabilities { get; init; } = [];
}

/// <summary>
/// A minimal CNI spec 1.1 runtime for the tests: runs a network configuration list plugin by plugin the way libcni
/// does (ADD in order with prevResult, DEL in reverse, CHECK, STATUS, GC with <c>cni.dev/valid-attachments</c>, the
/// latter two only for plugins whose VERSION lists 1.1.0), inside a node namespace, plugins from one CNI_PATH.
/// </summary>
internal sealed class CniDriver(string binDir, NetworkNamespace node)
{
    private readonly Dictionary<(string, string), JsonNode?> _results = [];

    public async Task<CniCall> ExecAsync(string type, string command, Attachment? a, string stdin, IReadOnlyList<string>? arguments = null)
    {
        var env = new Dictionary<string, string>
        {
            ["CNI_COMMAND"] = command,
            ["CNI_PATH"] = binDir,
            ["CNI_CONTAINERID"] = a?.ContainerId ?? string.Empty,
            ["CNI_NETNS"] = a?.NetNs ?? string.Empty,
            ["CNI_IFNAME"] = a?.IfName ?? string.Empty,
            ["CNI_ARGS"] = a?.Args ?? string.Empty,
        };
        var result = await SystemProgram.RunAsync(
            Path.Combine(binDir, type),
            arguments ?? [],
            new SystemProgramOptions { Namespace = node, Environment = env, StandardInput = stdin, SuccessExitCodes = [0, 1], Timeout = TimeSpan.FromSeconds(120) },
            TestContext.Current.CancellationToken);
        return new CniCall(result.ExitCode, result.StandardOutput, result.StandardError, result.Elapsed);
    }

    public async Task<CniCall> AddAsync(JsonObject list, Attachment a)
    {
        JsonNode? prev = null;
        CniCall last = new(0, "{}", string.Empty, TimeSpan.Zero);
        foreach (var plugin in Plugins(list))
        {
            last = await ExecAsync(Type(plugin), "ADD", a, Conf(list, plugin, a, prev).ToJsonString());
            if (!last.Succeeded)
            {
                return last;
            }

            prev = JsonNode.Parse(last.Output);
        }

        _results[(Name(list), a.ContainerId + "/" + a.IfName)] = prev;
        return last;
    }

    public async Task<CniCall> DelAsync(JsonObject list, Attachment a)
    {
        _results.TryGetValue((Name(list), a.ContainerId + "/" + a.IfName), out var prev);
        CniCall last = new(0, string.Empty, string.Empty, TimeSpan.Zero);
        foreach (var plugin in Plugins(list).Reverse())
        {
            last = await ExecAsync(Type(plugin), "DEL", a, Conf(list, plugin, a, prev).ToJsonString());
            if (!last.Succeeded)
            {
                return last;
            }
        }

        _results.Remove((Name(list), a.ContainerId + "/" + a.IfName));
        return last;
    }

    public async Task<CniCall> CheckAsync(JsonObject list, Attachment a)
    {
        var prev = _results[(Name(list), a.ContainerId + "/" + a.IfName)];
        CniCall last = new(0, string.Empty, string.Empty, TimeSpan.Zero);
        foreach (var plugin in Plugins(list))
        {
            last = await ExecAsync(Type(plugin), "CHECK", a, Conf(list, plugin, a, prev).ToJsonString());
            if (!last.Succeeded)
            {
                return last;
            }
        }

        return last;
    }

    public async Task<CniCall> StatusAsync(JsonObject list)
    {
        CniCall last = new(0, string.Empty, string.Empty, TimeSpan.Zero);
        foreach (var plugin in Plugins(list))
        {
            if (await Speaks11Async(Type(plugin)))
            {
                last = await ExecAsync(Type(plugin), "STATUS", null, Conf(list, plugin, null, null).ToJsonString());
                if (!last.Succeeded)
                {
                    return last;
                }
            }
        }

        return last;
    }

    /// <summary>GC to every plugin that speaks 1.1.0; returns the types it was sent to and the last outcome.</summary>
    public async Task<(List<string> SentTo, CniCall Last)> GcAsync(JsonObject list, IEnumerable<Attachment> valid)
    {
        var sent = new List<string>();
        CniCall last = new(0, string.Empty, string.Empty, TimeSpan.Zero);
        var attachments = new JsonArray([.. valid.Select(v => (JsonNode)new JsonObject { ["containerID"] = v.ContainerId, ["ifname"] = v.IfName })]);
        foreach (var plugin in Plugins(list))
        {
            if (!await Speaks11Async(Type(plugin)))
            {
                continue;
            }

            var conf = Conf(list, plugin, null, null);
            conf["cni.dev/valid-attachments"] = attachments.DeepClone();
            sent.Add(Type(plugin));
            last = await ExecAsync(Type(plugin), "GC", null, conf.ToJsonString());
            if (!last.Succeeded)
            {
                break;
            }
        }

        return (sent, last);
    }

    public async Task<bool> Speaks11Async(string type)
    {
        var call = await ExecAsync(type, "VERSION", null, """{"cniVersion":"1.0.0"}""");
        return call.Succeeded && call.Json().GetProperty("supportedVersions").EnumerateArray().Any(v => v.GetString() == "1.1.0");
    }

    private static IEnumerable<JsonObject> Plugins(JsonObject list) => list["plugins"]!.AsArray().Select(p => p!.AsObject());

    private static string Name(JsonObject list) => (string)list["name"]!;

    private static string Type(JsonObject plugin) => (string)plugin["type"]!;

    private static JsonObject Conf(JsonObject list, JsonObject plugin, Attachment? a, JsonNode? prev)
    {
        var conf = plugin.DeepClone().AsObject();
        conf["cniVersion"] = list["cniVersion"]!.DeepClone();
        conf["name"] = list["name"]!.DeepClone();
        if (prev is not null)
        {
            conf["prevResult"] = prev.DeepClone();
        }

        if (a is not null && plugin["capabilities"] is JsonObject caps)
        {
            var runtime = new JsonObject();
            foreach (var (cap, enabled) in caps)
            {
                if (enabled?.GetValue<bool>() == true && a.Capabilities.TryGetValue(cap, out var value))
                {
                    runtime[cap] = value.DeepClone();
                }
            }

            if (runtime.Count > 0)
            {
                conf["runtimeConfig"] = runtime;
            }
        }

        conf.Remove("capabilities");
        return conf;
    }

    public static JsonObject List(string name, string version, params JsonObject[] plugins) =>
        new() { ["cniVersion"] = version, ["name"] = name, ["plugins"] = new JsonArray([.. plugins]) };

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    internal static string Serialize(JsonElement e) => JsonSerializer.Serialize(e);
}
