using System.Collections;
using System.Text;
using System.Text.Json;
using Calico.Cni.Cni;
using Xunit;

namespace Calico.Cni.Tests.Unit;

/// <summary>The plugin in process for everything that fails or answers before touching the kernel or a datastore.</summary>
public sealed class RunnerTests
{
    private const string Conf = """{"cniVersion":"1.1.0","name":"net1","type":"calico","ipam":{"type":"calico-ipam"}}""";

    [Theory]
    [InlineData("1.0.0", "1.0.0")]
    [InlineData("0.3.1", "0.3.1")]
    [InlineData("9.9.9", "1.1.0")]
    public void Version_lists_every_supported_spec_version(string asked, string answered)
    {
        var (code, json) = Run(Env("VERSION"), $$"""{"cniVersion":"{{asked}}"}""");
        Assert.Equal(0, code);
        Assert.Equal(answered, json.GetProperty("cniVersion").GetString());
        Assert.Equal(["0.3.1", "0.4.0", "1.0.0", "1.1.0"], json.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()));
    }

    [Theory]
    [InlineData("""{"cniVersion":"0.2.0","name":"n","type":"calico"}""", "ADD", 1, "incompatible CNI version '0.2.0'")]
    [InlineData("""{"name":"n","type":"calico"}""", "ADD", 1, "incompatible CNI version '0.2.0'")]
    [InlineData("""{"cniVersion":"0.3.1","name":"n","type":"calico"}""", "CHECK", 1, "CHECK needs cniVersion 0.4.0")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"calico"}""", "STATUS", 1, "STATUS needs cniVersion 1.1.0")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"calico"}""", "GC", 1, "GC needs cniVersion 1.1.0")]
    [InlineData("""{"cniVersion":"1.1.0","name":"n",""", "ADD", 6, "not valid JSON")]
    [InlineData("""[1]""", "ADD", 6, "not a JSON object")]
    [InlineData("""{"cniVersion":"1.1.0","type":"calico"}""", "ADD", 7, "'name'")]
    [InlineData("""{"cniVersion":"1.1.0","name":"n","ipam":{"type":"../../bin/sh"}}""", "ADD", 7, "ipam.type' = ../../bin/sh: must match [A-Za-z0-9_.-]+")]
    [InlineData("""{"cniVersion":"1.1.0","name":"n","ipam":{"type":".."}}""", "ADD", 7, "ipam.type")]
    [InlineData("""{"cniVersion":"1.1.0","name":"n","datastore_type":"kubernetes"}""", "ADD", 7, "'datastore_type' = kubernetes")]
    [InlineData("""{"cniVersion":"1.1.0","name":"n","policy_setup_timeout_seconds":-1}""", "ADD", 7, "must not be negative")]
    [InlineData("""{"cniVersion":"1.1.0","name":"n","mtu":"1500"}""", "ADD", 7, "'mtu' = \"1500\": must be a number")]
    [InlineData("""{"cniVersion":"1.1.0","name":"n","ipam":{"type":"calico-ipam","assign_ipv6":"maybe"}}""", "ADD", 7, "ipam.assign_ipv6")]
    [InlineData("""{"cniVersion":"1.1.0","name":"n","etcd_endpoints":"ftp://x"}""", "ADD", 7, "etcd_endpoints")]
    [InlineData("""{"cniVersion":"1.1.0","name":"n","cni.dev/valid-attachments":[{"containerID":"a"}]}""", "GC", 7, "containerID and ifname")]
    public void Bad_input_is_a_spec_error_naming_what_is_wrong(string conf, string command, int code, string fragment)
    {
        var (exit, json) = Run(Env(command), conf);
        Assert.Equal(1, exit);
        Assert.Equal(code, json.GetProperty("code").GetInt32());
        Assert.Contains(fragment, json.GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "ctr", "eth0", "/run/netns/x", "CNI_COMMAND is not set")]
    [InlineData("FROB", "ctr", "eth0", "/run/netns/x", "CNI_COMMAND 'FROB'")]
    [InlineData("ADD", null, "eth0", "/run/netns/x", "CNI_CONTAINERID is not set")]
    [InlineData("ADD", "-bad", "eth0", "/run/netns/x", "CNI_CONTAINERID '-bad'")]
    [InlineData("ADD", "ctr", null, "/run/netns/x", "CNI_IFNAME is not set")]
    [InlineData("ADD", "ctr", "a/b", "/run/netns/x", "CNI_IFNAME 'a/b'")]
    [InlineData("ADD", "ctr", "averyveryverylongname", "/run/netns/x", "is not a valid interface name")]
    [InlineData("ADD", "ctr", "eth0", null, "CNI_NETNS is not set")]
    public void Bad_environment_is_code_4(string? command, string? id, string? ifName, string? netns, string fragment)
    {
        var env = new Hashtable { ["CNI_PATH"] = "/usr/lib/cni" };
        Set(env, "CNI_COMMAND", command);
        Set(env, "CNI_CONTAINERID", id);
        Set(env, "CNI_IFNAME", ifName);
        Set(env, "CNI_NETNS", netns);
        var (exit, json) = Run(env, Conf);
        Assert.Equal(1, exit);
        Assert.Equal(4, json.GetProperty("code").GetInt32());
        Assert.Contains(fragment, json.GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Del_without_netns_is_accepted_by_the_environment_check()
    {
        var env = new Hashtable { ["CNI_COMMAND"] = "DEL", ["CNI_CONTAINERID"] = "c1", ["CNI_IFNAME"] = "eth0", ["CNI_PATH"] = "/usr/lib/cni" };
        var parsed = CniEnvironment.From(env);
        Assert.Null(parsed.NetNs);
        Assert.Equal("DEL", parsed.Command);
    }

    [Fact]
    public void Cni_args_split_on_the_first_equals_only()
    {
        var args = CniArgs.Parse("IgnoreUnknown=1;K8S_POD_NAME=web;K8S_POD_LABELS=app:web,tier:db");
        Assert.Equal("web", args["K8S_POD_NAME"]);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "db" }, CniArgs.ParseLabels(args["K8S_POD_LABELS"]));
        Assert.Equal(4, Assert.Throws<CniException>(() => CniArgs.Parse("novalue")).Code);
    }

    [Fact]
    public void Stdin_is_never_written_to_stderr()
    {
        const string Secret = "s3cr3t-token";
        var conf = """{"cniVersion":"1.1.0","name":"n","ipam":{"type":"../x"},"kubernetes":{"token":"TOKEN"}}""".Replace("TOKEN", Secret, StringComparison.Ordinal);
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        CniRunner.Run(false, Env("ADD"), new MemoryStream(Encoding.UTF8.GetBytes(conf)), stdout, stderr);
        Assert.DoesNotContain(Secret, stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(stdout.ToArray()), StringComparison.Ordinal);
        Assert.NotEmpty(stderr.ToString());
    }

    internal static Hashtable Env(string command) => new()
    {
        ["CNI_COMMAND"] = command,
        ["CNI_CONTAINERID"] = "ctr1",
        ["CNI_IFNAME"] = "eth0",
        ["CNI_NETNS"] = "/run/netns/none",
        ["CNI_PATH"] = "/usr/lib/cni",
    };

    internal static (int Exit, JsonElement Json) Run(IDictionary env, string stdin)
    {
        using var stdout = new MemoryStream();
        var exit = CniRunner.Run(false, env, new MemoryStream(Encoding.UTF8.GetBytes(stdin)), stdout, TextWriter.Null);
        using var doc = JsonDocument.Parse(stdout.ToArray());
        return (exit, doc.RootElement.Clone());
    }

    private static void Set(Hashtable env, string key, string? value)
    {
        if (value is not null)
        {
            env[key] = value;
        }
    }
}
