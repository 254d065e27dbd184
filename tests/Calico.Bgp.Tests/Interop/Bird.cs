using Calico.TestSupport;

namespace Calico.Bgp.Tests.Interop;

/// <summary>BIRD 2 in a namespace with a temp config and control socket.</summary>
internal sealed class Bird : IDisposable
{
    private readonly Daemon _daemon;

    private Bird(Daemon daemon, string socket, string ns)
    {
        _daemon = daemon;
        Socket = socket;
        Namespace = ns;
    }

    public string Socket { get; }

    public string Namespace { get; }

    public static Bird Start(string ns, string config)
    {
        var bird = Requires.Program("bird");
        var directory = Daemon.TempDirectory("bird");
        var path = Path.Combine(directory, "bird.conf");
        File.WriteAllText(path, config);
        var socket = Path.Combine(directory, "bird.ctl");
        var daemon = Daemon.Start(ns, directory, bird, "-f", "-c", path, "-s", socket, "-P", Path.Combine(directory, "bird.pid"));
        var instance = new Bird(daemon, socket, ns);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(socket) && DateTime.UtcNow < deadline)
        {
            if (daemon.HasExited)
            {
                instance.Dispose();
                throw new InvalidOperationException("bird exited: " + File.ReadAllText(Path.Combine(directory, "stdout.log")));
            }

            Thread.Sleep(50);
        }

        return instance;
    }

    /// <summary>A BIRD config: router id, kernel export of learned routes, static routes, and BGP sessions.</summary>
    public static string Config(string routerId, string statics4, string statics6, string sessions) => $$"""
        router id {{routerId}};
        protocol device { scan time 1; }
        protocol direct { ipv4; ipv6; interface "eth0"; }
        protocol kernel k4 { ipv4 { export where source = RTS_BGP; import none; }; merge paths on; }
        protocol kernel k6 { ipv6 { export where source = RTS_BGP; import none; }; merge paths on; }
        protocol static s4 { ipv4; {{statics4}} }
        protocol static s6 { ipv6; {{statics6}} }
        template bgp peer { hold time 9; keepalive time 3; connect retry time 1; connect delay time 1; error wait time 1, 3; graceful restart on; }
        {{sessions}}
        """;

    public string Control(params string[] command) => Shell.Run("birdc", ["-s", Socket, .. command]);

    /// <summary>The routes BIRD holds for a prefix (empty text when none).</summary>
    public string Route(string prefix) => Shell.TryRun("birdc", "-s", Socket, "show", "route", "for", prefix, "all").Output;

    public void Kill() => _daemon.Kill();

    public void Dispose() => _daemon.Dispose();
}
