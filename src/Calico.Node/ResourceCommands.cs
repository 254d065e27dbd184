using System.Collections;
using System.Text.Json;
using Calico.Sdk.Datastore;
using Calico.Sdk.DependencyInjection;
using Calico.Sdk.Hosting.Configuration;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Calico.Sdk.Status;
using Calico.Sdk.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Calico.Node;

/// <summary>
/// <c>apply</c>/<c>delete</c>: write resources to the datastore the agent uses — what kubectl and kube-controllers
/// would write in a Kubernetes cluster (namespace profiles, network policies), for hosts without one. Writes behave
/// like calicoctl's: validated and defaulted first, nothing written if any document is invalid.
/// </summary>
internal static class ResourceCommands
{
    public static async Task<int> ApplyAsync(IDictionary env, string file, bool delete)
    {
        var text = file == "-" ? await Console.In.ReadToEndAsync().ConfigureAwait(false) : await File.ReadAllTextAsync(file).ConfigureAwait(false);
        var resources = ResourceSerializer.Read(text);
        foreach (var r in resources)
        {
            ResourceDefaults.Apply(r);
            if (!delete)
            {
                ResourceValidator.ThrowIfInvalid(r);
            }
        }

        var services = new ServiceCollection();
        services.AddCalico(o => o.ReadEnvironment(env)).AddSqliteDatastore().AddEtcdDatastore();
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IDatastore>();
        foreach (var r in resources)
        {
            var kind = ResourceKinds.ForType(r.GetType()) ?? throw new NodeConfigurationException($"{file}: {r.Kind} is not a resource kind this datastore stores");
            var ns = kind.Namespaced ? r.Metadata.Namespace ?? ResourceDefaults.DefaultNamespace : null;
            r.Metadata.Namespace = ns;
            var existing = await store.GetAsync(kind, ns, r.Metadata.Name!).ConfigureAwait(false);
            if (delete)
            {
                if (existing is not null)
                {
                    await store.DeleteAsync(kind, ns, r.Metadata.Name!).ConfigureAwait(false);
                }

                await Console.Out.WriteLineAsync($"deleted {r.Kind} {Describe(ns, r.Metadata.Name!)}").ConfigureAwait(false);
                continue;
            }

            if (existing is null)
            {
                await store.CreateAsync(kind, r).ConfigureAwait(false);
            }
            else
            {
                r.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                await store.UpdateAsync(kind, r).ConfigureAwait(false);
            }

            await Console.Out.WriteLineAsync($"applied {r.Kind} {Describe(ns, r.Metadata.Name!)}").ConfigureAwait(false);
        }

        return 0;
    }

    public static int ShowStatus(IDictionary env)
    {
        var prefix = env["FELIX_ENDPOINTSTATUSPATHPREFIX"] as string is { Length: > 0 } p ? p : StatusPaths.DefaultPrefix;
        var path = StatusPaths.NodeStatusFile(prefix);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"calico-node: no status report at {path}: is the agent running (FELIX_ENDPOINTSTATUSPATHPREFIX)?");
            return 1;
        }

        var status = JsonSerializer.Deserialize(File.ReadAllText(path), StatusJsonContext.Default.NodeAgentStatus);
        Console.WriteLine(JsonSerializer.Serialize(status, StatusJsonContext.Default.NodeAgentStatus));
        return 0;
    }

    private static string Describe(string? ns, string name) => ns is null ? name : ns + "/" + name;
}
