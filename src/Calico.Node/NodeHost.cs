using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Calico.Dataplane.Nftables;
using Calico.Sdk.DependencyInjection;
using Calico.Sdk.Hosting.Configuration;
using Calico.Sdk.Hosting.Plugins;
using Calico.Sdk.Plugins;
using Calico.Sdk.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Calico.Node;

/// <summary>
/// The reference host: a Generic Host composed with <c>services.AddCalico(...)</c> and plugin extension methods. Which
/// plugin runs is configuration: <c>DATASTORE_TYPE</c> picks the datastore among the registered ones, the agent picks
/// routers by <c>CALICO_NETWORKING_BACKEND</c> and pool encapsulation, and <c>CALICO_PLUGIN_PATH</c> /
/// <c>CALICO_PLUGINS</c> add plugins loaded at run time.
/// </summary>
internal static class NodeHost
{
    public static async Task<int> RunAsync(IDictionary env)
    {
        using var host = Build(env, []);
        await host.RunAsync().ConfigureAwait(false);
        return Environment.ExitCode;
    }

    /// <summary>Composes the host (the agent does not start until the host runs).</summary>
    public static IHost Build(IDictionary env, string[] args)
    {
        var startup = NodeStartupOptions.FromEnvironment(env);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, DisableDefaults = true });
        var level = LogLevelOf(env["FELIX_LOGSEVERITYSCREEN"] as string);
        builder.Logging.AddProvider(new LineLoggerProvider(TimeProvider.System, level));
        builder.Logging.SetMinimumLevel(level);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        var calico = builder.Services.AddCalico(o => o.ReadEnvironment(env))
            .AddSqliteDatastore()
            .AddEtcdDatastore()
            .AddNodeAgent(o =>
            {
                o.Environment = env;
                o.Startup = startup;
                o.DataplaneName = "nftables";
                o.DataplaneFactory = static (services, settings) => new NftablesDataplane(
                    new NftablesDataplaneOptions
                    {
                        WorkloadInterfacePrefixes = settings.InterfacePrefixes,
                        RefreshInterval = settings.NftablesRefreshInterval,
                        EndpointToHostAction = Enum.Parse<EndpointToHostAction>(settings.DefaultEndpointToHostAction, ignoreCase: true),
                    },
                    services.GetService<ILogger<NftablesDataplane>>(),
                    services.GetService<TimeProvider>());
            });
        RouterRegistration.AddRouters(calico, env);
        if (startup.PluginPaths.Count > 0)
        {
            // The Native AOT build (publish -p:PublishAot=true: a third of the JIT build's resident memory) cannot load
            // assemblies at run time; the check is a constant there, so the loader is not even compiled in.
            if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
            {
                throw new NodeConfigurationException(
                    $"CALICO_PLUGIN_PATH={string.Join(':', startup.PluginPaths)}: this calico-node is the Native AOT build, which cannot load plugins at run time; use the JIT build (dotnet publish without PublishAot) or compose the plugins into a custom host (samples/CustomHost)");
            }

            LoadPlugins(calico, startup, env);
        }

        return builder.Build();
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "calico-node runs on the JIT (framework-dependent publish); run-time plugins need it. A Native AOT host composes plugins at compile time.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above: run-time plugin loading is a JIT-only feature of this host.")]
    private static void LoadPlugins(ICalicoBuilder calico, NodeStartupOptions startup, IDictionary env)
    {
        var plugins = CalicoPluginLoader.LoadFromFolders(startup.PluginPaths);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry e in env)
        {
            if (e.Key is string k && e.Value is string v)
            {
                settings[k] = v;
            }
        }

        var nodeName = (env["NODENAME"] as string) is { Length: > 0 } n ? n : Environment.MachineName.ToLowerInvariant();
        CalicoPluginLoader.Register(calico, plugins, startup.EnabledPlugins, new CalicoPluginContext(nodeName, settings));
    }

    private static LogLevel LogLevelOf(string? severity) => severity?.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "fatal" => LogLevel.Critical,
        _ => LogLevel.Information,
    };
}
