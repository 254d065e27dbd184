using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Datastore;
using Calico.Sdk.DependencyInjection;
using Calico.Sdk.Hosting.Configuration;
using Calico.Sdk.Hosting.Health;
using Calico.Sdk.Ipam;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Policy;
using Calico.Sdk.Resources;
using Calico.Sdk.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Calico.Sdk.Hosting.Agent;

/// <summary>
/// calico-node's agent (Felix's job plus the start-up steps): see <c>docs/node.md</c>. One loop owns all state: it
/// reads the datastore sync, feeds the policy engine, applies deltas to the dataplane, programs the agent's routes,
/// feeds the routers and writes status files, in that order, so an endpoint's status file appears only once its
/// policy and its route are live.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed partial class NodeAgent : BackgroundService
{
    /// <summary>The exit code that asks the supervisor for a restart after a configuration change (as Felix).</summary>
    public const int RestartExitCode = 129;

    private readonly IDatastore _store;
    private readonly IIpam _ipam;
    private readonly IReadOnlyList<IRouter> _registeredRouters;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ILogger _logger;
    private readonly NodeAgentOptions _options;
    private readonly TaskCompletionSource _inSync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DateTimeOffset _startedAt;
    private List<IRouter> _routers = [];
    private SortedSet<string> _wantedRouters = [];

    // Which address families have an enabled VXLAN pool ("v4", "v6"): the tunnel addresses are taken at start-up, so a change restarts.
    private string _vxlanFamilies = string.Empty;
    private HttpEndpoints? _http;
    private NetlinkRoute? _netlink;
    private LocalRoutes? _routes;
    private IDataplane? _dataplane;
    private PolicyEngine? _engine;
    private StatusFiles? _status;
    private InterfaceTeardown? _teardown;
    private RoutingTracker? _tracker;
    private RoutingNode? _localRouting;
    private NodeStartupOptions? _startup;
    private IReadOnlyDictionary<string, string>? _fileSettings;
    private FelixConfiguration? _globalFelix;
    private FelixConfiguration? _nodeFelix;

    public NodeAgent(
        IDatastore store,
        IOptions<CalicoOptions> calico,
        IOptions<NodeAgentOptions> options,
        IIpam ipam,
        IEnumerable<IRouter> routers,
        IServiceProvider services,
        TimeProvider time,
        ILogger<NodeAgent>? logger = null,
        IHostApplicationLifetime? lifetime = null)
    {
        _store = store;
        NodeName = calico.Value.NodeName;
        _options = options.Value;
        _ipam = ipam;
        _registeredRouters = [.. routers];
        _services = services;
        _time = time;
        _lifetime = lifetime;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _startedAt = time.GetUtcNow();
    }

    public string NodeName { get; }

    public AgentHealth Health { get; } = new();

    public AgentMetrics Metrics { get; } = new();

    /// <summary>The effective settings (after start-up has read the datastore).</summary>
    public FelixSettings? Settings { get; private set; }

    /// <summary>Completes when the first datastore sync has been applied to the kernel; faults if start-up fails.</summary>
    public Task InSync => _inSync.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _inSync.TrySetCanceled(stoppingToken);
        }
        catch (Exception ex)
        {
            Log.Failed(_logger, ex, ex.Message);
            Health.Report("agent", false, false, ex.Message);
            _inSync.TrySetException(ex);
            System.Environment.ExitCode = 1;
            _lifetime?.StopApplication();
        }
        finally
        {
            await ShutdownAsync().ConfigureAwait(false);
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var env = _options.Environment;
        var startup = _startup = _options.Startup ?? NodeStartupOptions.FromEnvironment(env);
        Health.Report("datastore", false, true, "connecting");
        await DatastoreBootstrap.EnsureInitializedAsync(_store, _time, ct).ConfigureAwait(false);
        var created = await NodeStartup.EnsureDefaultPoolsAsync(_store, startup.DefaultPools, ct).ConfigureAwait(false);
        if (created > 0)
        {
            Log.PoolsCreated(_logger, created);
        }

        _fileSettings = ReadConfigFile(startup);
        _globalFelix = (FelixConfiguration?)await _store.GetAsync(ResourceKinds.FelixConfiguration, null, "default", ct).ConfigureAwait(false);
        _nodeFelix = (FelixConfiguration?)await _store.GetAsync(ResourceKinds.FelixConfiguration, null, "node." + NodeName, ct).ConfigureAwait(false);
        var settings = Settings = FelixSettings.Build(env, _fileSettings, _nodeFelix, _globalFelix);
        _status = new StatusFiles(settings.EndpointStatusPathPrefix);
        _http = new HttpEndpoints(Health, Metrics, env["CALICO_DEBUG_ENDPOINTS"] is string debug && debug.Equals("true", StringComparison.OrdinalIgnoreCase));
        _http.Start(
            settings.HealthEnabled ? settings.HealthHost : null, settings.HealthPort,
            settings.PrometheusMetricsEnabled ? settings.PrometheusMetricsHost : null, settings.PrometheusMetricsPort);

        var ns = _options.HostNamespace;
        _netlink = ns is null ? NetlinkRoute.Open() : NetlinkRoute.Open(ns);
        var prefixes = settings.InterfacePrefixes;
        _teardown = InterfaceTeardown.Start(settings.EndpointStatusPathPrefix, prefixes, ns, _logger);
        var v4 = NodeStartup.DetectAddress(_netlink, startup.IPv4, startup.IPv4AutodetectionMethod, AddressFamily.InterNetwork, prefixes);
        var v6 = settings.Ipv6Support ? NodeStartup.DetectAddress(_netlink, startup.IPv6, "first-found", AddressFamily.InterNetworkV6, prefixes) : null;

        var pools = (await _store.ListAsync(ResourceKinds.IPPool, cancellationToken: ct).ConfigureAwait(false)).Items.OfType<IPPool>().ToList();
        _wantedRouters = RouterSelection.Wanted(startup.NetworkingBackend, pools);
        _routers = [.. _registeredRouters.Where(r => _wantedRouters.Contains(r.Name))];
        var missing = _wantedRouters.Where(w => _routers.All(r => r.Name != w)).ToList();
        if (missing.Count > 0)
        {
            Log.RoutersMissing(_logger, string.Join(", ", missing));
        }

        Health.Report("routing", missing.Count == 0, true, missing.Count == 0 ? null : "no router plugin registered for: " + string.Join(", ", missing));

        string? tunnel = null;
        string? mac = null;
        var vxlanPools = VxlanPoolCidrs(pools, v6: false);
        if (_wantedRouters.Contains("vxlan") && v4 is not null && vxlanPools.Count > 0)
        {
            tunnel = await EnsureTunnelAddressAsync(IpamHandleIds.VxlanTunnel(NodeName), vxlanPools, AddressFamily.InterNetwork, ct).ConfigureAwait(false);
            mac = NodeStartup.VxlanMac(NodeName, "v4");
        }

        // IPv6 VXLAN (vxlan-v6.calico): its own tunnel address and MAC, only while an enabled IPv6 pool uses VXLAN.
        string? tunnel6 = null;
        string? mac6 = null;
        var vxlanPools6 = VxlanPoolCidrs(pools, v6: true);
        if (_wantedRouters.Contains("vxlan") && v6 is not null && vxlanPools6.Count > 0)
        {
            tunnel6 = await EnsureTunnelAddressAsync(IpamHandleIds.VxlanV6Tunnel(NodeName), vxlanPools6, AddressFamily.InterNetworkV6, ct).ConfigureAwait(false);
            mac6 = NodeStartup.VxlanMac(NodeName, "v6");
        }

        _vxlanFamilies = VxlanFamilies(pools);
        var node = await NodeStartup.RegisterNodeAsync(_store, NodeName, v4, v6, tunnel, mac, ct, tunnel6, mac6, startup.AsNumber).ConfigureAwait(false);
        Log.NodeRegistered(_logger, NodeName, node.Spec.Bgp?.IPv4Address, tunnel, mac);
        var mtu = NodeStartup.WorkloadMtu(_netlink, settings, pools);
        NodeStartup.WriteCniFiles(startup.VarLibDirectory, NodeName, mtu);
        if (settings.IpForwarding)
        {
            Sysctl.Write("net.ipv4.ip_forward", "1", ns);
            if (settings.Ipv6Support && Directory.Exists("/proc/sys/net/ipv6"))
            {
                Sysctl.Write("net.ipv6.conf.all.forwarding", "1", ns);
            }
        }

        _localRouting = RoutingTracker.ToRoutingNode(node);
        foreach (var router in _routers)
        {
            await router.StartAsync(_localRouting, ct).ConfigureAwait(false);
        }

        _dataplane = _options.DataplaneFactory?.Invoke(_services, settings) ?? _services.GetService<IDataplane>()
            ?? throw new NodeConfigurationException("no dataplane: set NodeAgentOptions.DataplaneFactory or register an IDataplane (e.g. the nftables plugin)");
        _engine = new PolicyEngine(new PolicyEngineOptions
        {
            LocalNode = NodeName,
            DefaultEndpointToHostAction = Enum.Parse<EndpointToHostAction>(settings.DefaultEndpointToHostAction, ignoreCase: true),
        });
        _routes = new LocalRoutes(ns is null ? NetlinkRoute.Open() : NetlinkRoute.Open(ns), settings.DeviceRouteProtocol, prefixes, settings.Ipv6Support);
        _tracker = new RoutingTracker(NodeName);
        Log.Starting(_logger, NodeName, DatastoreBootstrap.CalicoVersion, _options.DataplaneName, string.Join(",", _routers.Select(r => r.Name)));

        using var gcStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var gc = Task.Run(() => GcLoopAsync(gcStop.Token), CancellationToken.None);
        try
        {
            await SyncLoopAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await gcStop.CancelAsync().ConfigureAwait(false);
            await gc.ConfigureAwait(false);
        }
    }

    /// <summary>The CIDRs of the enabled pools of one family whose encapsulation is VXLAN (Always or CrossSubnet).</summary>
    private static string VxlanFamilies(List<IPPool> pools) =>
        (VxlanPoolCidrs(pools, v6: false).Count > 0 ? "v4" : string.Empty) + (VxlanPoolCidrs(pools, v6: true).Count > 0 ? "v6" : string.Empty);

    private static List<string> VxlanPoolCidrs(List<IPPool> pools, bool v6) =>
        [.. pools.Where(p => p.Spec.Disabled != true && RoutingTracker.EncapsulationOf(p) is Encapsulation.VxlanAlways or Encapsulation.VxlanCrossSubnet
            && p.Spec.Cidr is { } c && c.Contains(':', StringComparison.Ordinal) == v6).Select(p => p.Spec.Cidr!)];

    /// <summary>
    /// The tunnel address <paramref name="handle"/> holds in <paramref name="family"/>, allocated from the VXLAN pools
    /// on first start; a restart reuses the held address so the node's tunnel address (and its peers' routes) stay put.
    /// </summary>
    private async Task<string> EnsureTunnelAddressAsync(string handle, List<string> vxlanPools, AddressFamily family, CancellationToken ct)
    {
        var held = await _ipam.GetAssignmentsAsync(handle, ct).ConfigureAwait(false);
        var address = held.FirstOrDefault(a => a.AddressFamily == family);
        if (address is null)
        {
            var v6 = family == AddressFamily.InterNetworkV6;
            var result = await _ipam.AutoAssignAsync(
                new AutoAssignRequest(handle, NodeName, v6 ? 0 : 1, v6 ? 1 : 0)
                {
                    Use = IpamUse.Tunnel,
                    IPv4Pools = v6 ? [] : vxlanPools,
                    IPv6Pools = v6 ? vxlanPools : [],
                    Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["node"] = NodeName, ["type"] = v6 ? "vxlanV6TunnelAddress" : "vxlanTunnelAddress" },
                },
                ct).ConfigureAwait(false);
            address = (v6 ? result.IPv6 : result.IPv4)[0].Address;
        }

        return address.ToString();
    }

    private static Dictionary<string, string>? ReadConfigFile(NodeStartupOptions startup)
    {
        if (!File.Exists(startup.FelixConfigFile))
        {
            return startup.FelixConfigFileRequired
                ? throw new NodeConfigurationException($"FELIX_CONFIGFILE='{startup.FelixConfigFile}': the file does not exist")
                : null;
        }

        return FelixConfigFile.Parse(File.ReadAllText(startup.FelixConfigFile), startup.FelixConfigFile);
    }

    private async Task ShutdownAsync()
    {
        // Nothing in the kernel is flushed on stop: workloads keep their policy and routes while the agent restarts.
        if (_dataplane is not null && _options.DataplaneFactory is not null)
        {
            await _dataplane.DisposeAsync().ConfigureAwait(false);
        }

        if (_http is not null)
        {
            await _http.DisposeAsync().ConfigureAwait(false);
        }

        if (_teardown is not null)
        {
            await _teardown.DisposeAsync().ConfigureAwait(false);
        }

        _routes?.Dispose();
        _netlink?.Dispose();
    }
}
