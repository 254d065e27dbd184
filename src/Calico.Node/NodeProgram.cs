using Calico.Sdk.Datastore;
using Calico.Sdk.Hosting.Configuration;

namespace Calico.Node;

/// <summary>calico-node's command line.</summary>
internal static class NodeProgram
{
    private const string Usage = """
        usage: calico-node [-felix]            run the node agent (default)
               calico-node apply -f FILE       create or update resources (YAML/JSON) in the configured datastore
               calico-node delete -f FILE      delete the resources named in FILE
               calico-node -show-status        print this node's status report (JSON)
               calico-node -v | version        print the version
        Configuration: environment variables (NODENAME, DATASTORE_TYPE, SQLITE_PATH, ETCD_ENDPOINTS, IP, IP6,
        CALICO_NETWORKING_BACKEND, CALICO_IPV4POOL_*, FELIX_*, ...); see docs/node.md.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var env = Environment.GetEnvironmentVariables();
        try
        {
            switch (args)
            {
                case [] or ["-felix"] or ["run"]:
                    return await NodeHost.RunAsync(env).ConfigureAwait(false);
                case ["apply", "-f", var file]:
                    return await ResourceCommands.ApplyAsync(env, file, delete: false).ConfigureAwait(false);
                case ["delete", "-f", var file]:
                    return await ResourceCommands.ApplyAsync(env, file, delete: true).ConfigureAwait(false);
                case ["-show-status"]:
                    return ResourceCommands.ShowStatus(env);
                case ["-v"] or ["version"] or ["--version"]:
                    await Console.Out.WriteLineAsync(DatastoreBootstrap.CalicoVersion).ConfigureAwait(false);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
                    return 2;
            }
        }
        catch (Exception ex) when (ex is NodeConfigurationException or DatastoreConfigurationException)
        {
            await Console.Error.WriteLineAsync("calico-node: " + ex.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
