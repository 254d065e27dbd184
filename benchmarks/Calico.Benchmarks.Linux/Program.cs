using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Linux;

// Usage: Calico.Benchmarks.Linux selftest   (every API once; run as Native AOT by benchmarks/linux/routes.sh)
//        Calico.Benchmarks.Linux routes --netns NAME [--count 10000] [--gateway 10.0.0.2] [--dev eth0] [--warmup]
// Installs COUNT /32 routes (10.128.x.y via GATEWAY dev DEV) into the named namespace from a freshly opened
// netlink socket, then dumps the main table into RouteInfo objects. Prints "install_ms=… dump_ms=… routes=…".
// --warmup first runs the same work in a throw-away anonymous namespace so JIT (when not AOT) is not measured.
if (args is ["selftest"])
{
    return await SelfTest.RunAsync();
}

var options = Arguments.Parse(args);
if (options.Command != "routes")
{
    Console.Error.WriteLine("usage: Calico.Benchmarks.Linux routes --netns NAME [--count N] [--gateway IP] [--dev NAME] [--warmup]");
    return 2;
}

if (options.Warmup)
{
    using var scratch = NetworkNamespace.CreateAnonymous();
    using var warm = NetlinkRoute.Open(scratch);
    var dev = warm.AddLink(new VethLink(options.Device, options.Device + "p") { Up = true });
    warm.SetLink(options.Device + "p", new LinkSettings { Up = true });
    warm.AddAddress(new AddressInfo(dev.Index, IPAddress.Parse("10.0.0.1"), 24));
    RouteBench.Install(warm, dev.Index, options, options.Count);
    _ = warm.GetRoutes();
}

using var ns = NetworkNamespace.OpenByName(options.Namespace);
var clock = Stopwatch.StartNew();
using var route = NetlinkRoute.Open(ns); // cold: a new socket, opened inside the namespace, is part of the timing
var index = route.GetLink(options.Device)?.Index ?? throw new InvalidOperationException($"no device {options.Device} in {ns}");
RouteBench.Install(route, index, options, options.Count);
var installMs = clock.Elapsed.TotalMilliseconds;

clock.Restart();
var routes = route.GetRoutes(AddressFamily.InterNetwork, RouteInfo.MainTable);
var dumpMs = clock.Elapsed.TotalMilliseconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"install_ms={installMs:F1} dump_ms={dumpMs:F1} routes={routes.Count}"));
return routes.Count >= options.Count ? 0 : 1;

internal static class RouteBench
{
    internal static void Install(NetlinkRoute route, int index, Arguments options, int count)
    {
        var batch = route.CreateBatch();
        for (var i = 0; i < count; i++)
        {
            var destination = new IPAddress([10, (byte)(128 + (i >> 16)), (byte)(i >> 8), (byte)i]);
            batch.AddRoute(new RouteInfo(new IPNetwork(destination, 32)) { Gateway = options.Gateway, OutputInterface = index });
        }

        batch.Execute();
    }
}

internal sealed record Arguments(string Command, string Namespace, int Count, IPAddress Gateway, string Device, bool Warmup)
{
    internal static Arguments Parse(string[] args)
    {
        var result = new Arguments(args.Length > 0 ? args[0] : string.Empty, string.Empty, 10_000, IPAddress.Parse("10.0.0.2"), "eth0", false);
        for (var i = 1; i < args.Length; i++)
        {
            result = args[i] switch
            {
                "--netns" => result with { Namespace = args[++i] },
                "--count" => result with { Count = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--gateway" => result with { Gateway = IPAddress.Parse(args[++i]) },
                "--dev" => result with { Device = args[++i] },
                "--warmup" => result with { Warmup = true },
                _ => throw new ArgumentException("unknown argument " + args[i]),
            };
        }

        return result;
    }
}
