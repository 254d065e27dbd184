using Calico.TestSupport;

namespace Calico.Bgp.Tests.Interop;

/// <summary>gobgpd in a namespace, its gRPC API on the namespace's loopback.</summary>
internal sealed class GoBgp : IDisposable
{
    private readonly Daemon _daemon;
    private readonly string _ns;

    private GoBgp(Daemon daemon, string ns)
    {
        _daemon = daemon;
        _ns = ns;
    }

    public static GoBgp Start(string ns, string config, bool restarting = false)
    {
        var program = Requires.Program("gobgpd");
        Requires.Program("gobgp");
        var directory = Daemon.TempDirectory("gobgp");
        var path = Path.Combine(directory, "gobgpd.toml");
        File.WriteAllText(path, config);
        string[] args = ["-f", path, "--api-hosts", "127.0.0.1:50051", "--pprof-disable", "-p", .. restarting ? new[] { "-r" } : []];
        var gobgp = new GoBgp(Daemon.Start(ns, directory, program, args), ns);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (gobgp.TryCli("global").Code != 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        return gobgp;
    }

    public static string Neighbor(string address, uint asn, string family, string extra = "") => $$"""
        [[neighbors]]
          [neighbors.config]
            neighbor-address = "{{address}}"
            peer-as = {{asn}}
          [neighbors.timers.config]
            hold-time = 9
            keepalive-interval = 3
            connect-retry = 1
          [[neighbors.afi-safis]]
            [neighbors.afi-safis.config]
              afi-safi-name = "{{family}}"
        {{extra}}
        """;

    public static string Config(uint asn, string routerId, string neighbors) => $$"""
        [global.config]
          as = {{asn}}
          router-id = "{{routerId}}"
        {{neighbors}}
        """;

    public string Cli(params string[] args) => Shell.Run("ip", ["netns", "exec", _ns, "gobgp", "-u", "127.0.0.1", "-p", "50051", .. args]);

    public (int Code, string Output) TryCli(params string[] args) => Shell.TryRun("ip", ["netns", "exec", _ns, "gobgp", "-u", "127.0.0.1", "-p", "50051", .. args]);

    public string Rib(string family) => TryCli("global", "rib", "-a", family).Output;

    public void Kill() => _daemon.Kill();

    public void Dispose() => _daemon.Dispose();
}
