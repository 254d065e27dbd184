using System.Runtime.Versioning;
using Calico.Dataplane.Nftables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

[assembly: SupportedOSPlatform("linux")]

// Your own node agent: the same NodeAgent as calico-node, composed with only the plugins you want. Configuration is
// Calico's environment (NODENAME, SQLITE_PATH, CALICO_IPV4POOL_VXLAN=Always, FELIX_*...), see docs/node.md.
var env = Environment.GetEnvironmentVariables();
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddCalico(o => o.ReadEnvironment(env))
    .AddSqliteDatastore()
    .AddVxlanRouting()
    .AddNodeAgent(o =>
    {
        o.Environment = env;
        o.DataplaneFactory = static (services, settings) => new NftablesDataplane(new NftablesDataplaneOptions
        {
            WorkloadInterfacePrefixes = settings.InterfacePrefixes,
            RefreshInterval = settings.NftablesRefreshInterval,
        });
    });
using var host = builder.Build();
await host.RunAsync();
return Environment.ExitCode;
