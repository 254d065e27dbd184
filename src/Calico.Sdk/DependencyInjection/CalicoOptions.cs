using Calico.Sdk.Datastore;

namespace Calico.Sdk.DependencyInjection;

/// <summary>Options shared by every Calico component composed with <c>AddCalico</c>.</summary>
public sealed class CalicoOptions
{
    /// <summary>The name of this node (Calico's <c>NODENAME</c>); defaults to the host name.</summary>
    public string NodeName { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>Which datastore to use and how to reach it.</summary>
    public DatastoreOptions Datastore { get; set; } = new();

    /// <summary>Reads <c>NODENAME</c> and the datastore variables (<c>DATASTORE_TYPE</c>, <c>ETCD_ENDPOINTS</c>, ...).</summary>
    /// <param name="environment">The variables, e.g. <see cref="Environment.GetEnvironmentVariables()"/>.</param>
    /// <returns>This instance.</returns>
    /// <exception cref="DatastoreConfigurationException">A datastore variable is invalid.</exception>
    public CalicoOptions ReadEnvironment(System.Collections.IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment["NODENAME"] is string node && node.Length > 0)
        {
            NodeName = node;
        }

        Datastore = DatastoreOptions.FromEnvironment(environment);
        return this;
    }
}
