using System.Reflection;
using Calico.Ctl.Cli;
using Calico.Ctl.Config;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Ctl.Commands;

/// <summary><c>version [--client]</c>: client version and commit, then the cluster's (ClusterInformation <c>default</c>).</summary>
internal static class VersionCommand
{
    public static string ClientVersion => DatastoreBootstrap.CalicoVersion;

    /// <summary>The commit the binary was built from (the <c>+sha</c> of the informational version), when known.</summary>
    public static string GitCommit
    {
        get
        {
            var info = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            var plus = info?.IndexOf('+', StringComparison.Ordinal) ?? -1;
            return plus >= 0 ? info![(plus + 1)..][..Math.Min(9, info.Length - plus - 1)] : "unknown";
        }
    }

    public static async Task<int> RunAsync(CtlContext ctx, string[] args)
    {
        var parsed = ParsedArgs.Parse(args, ArgSpec.Create().Flag("client"));
        await ctx.Out.WriteLineAsync($"Client Version:    {ClientVersion}").ConfigureAwait(false);
        await ctx.Out.WriteLineAsync($"Git commit:        {GitCommit}").ConfigureAwait(false);
        if (parsed.Has("client"))
        {
            return 0;
        }

        await using var session = new Session(ctx, parsed);
        ClusterInformation? info;
        try
        {
            info = await session.Store.GetAsync(ResourceKinds.ClusterInformation, null, DatastoreBootstrap.ClusterInformationName, ctx.CancellationToken).ConfigureAwait(false) as ClusterInformation;
        }
        catch (DatastoreException ex)
        {
            throw new CtlException("Unable to retrieve Cluster Version or Type: " + Messages.Datastore(ex));
        }

        if (info is null)
        {
            throw new CtlException("Unable to retrieve Cluster Version or Type: resource does not exist: ClusterInformation(default)");
        }

        var type = string.IsNullOrEmpty(info.Spec.ClusterType) ? ClientConfig.Describe(session.Options) : info.Spec.ClusterType;
        await ctx.Out.WriteLineAsync($"Cluster Version:   {info.Spec.CalicoVersion}").ConfigureAwait(false);
        await ctx.Out.WriteLineAsync($"Cluster Type:      {type}").ConfigureAwait(false);
        return 0;
    }
}
