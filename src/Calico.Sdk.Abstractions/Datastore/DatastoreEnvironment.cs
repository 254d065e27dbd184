namespace Calico.Sdk.Datastore;

/// <summary>Parsing and validation behind <see cref="DatastoreOptions"/>.</summary>
internal static class DatastoreEnvironment
{
    internal const string KubernetesUnavailable =
        "DATASTORE_TYPE=kubernetes: the Kubernetes datastore is not available in this release; use 'sqlite' (default) or 'etcdv3'.";

    internal static DatastoreType ParseType(string? value)
    {
        if (value is null || value.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return DatastoreType.Sqlite;
        }

        if (value.Equals("etcdv3", StringComparison.OrdinalIgnoreCase))
        {
            return DatastoreType.EtcdV3;
        }

        if (value.Equals("kubernetes", StringComparison.OrdinalIgnoreCase))
        {
            throw new DatastoreConfigurationException(KubernetesUnavailable);
        }

        throw new DatastoreConfigurationException($"{DatastoreOptions.DatastoreTypeVariable}='{value}' is not a datastore type; expected 'sqlite' (default), 'etcdv3' or 'kubernetes'.");
    }

    internal static IReadOnlyList<Uri> ParseEndpoints(string value)
    {
        var result = new List<Uri>();
        foreach (var raw in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            {
                throw new DatastoreConfigurationException($"{DatastoreOptions.EtcdEndpointsVariable}: '{raw}' is not an endpoint; expected http://host:port or https://host:port.");
            }

            var authority = raw[(uri.Scheme.Length + 3)..].Split('/')[0];
            var colon = authority.LastIndexOf(':');
            if (colon < 0 || colon < authority.LastIndexOf(']') || !int.TryParse(authority[(colon + 1)..], out _))
            {
                throw new DatastoreConfigurationException($"{DatastoreOptions.EtcdEndpointsVariable}: '{raw}' has no port; expected e.g. {uri.Scheme}://{uri.Host}:2379.");
            }

            if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                throw new DatastoreConfigurationException($"{DatastoreOptions.EtcdEndpointsVariable}: '{raw}' has a path or query; an endpoint is only scheme://host:port.");
            }

            result.Add(uri);
        }

        if (result.Count == 0)
        {
            throw new DatastoreConfigurationException($"{DatastoreOptions.EtcdEndpointsVariable} lists no endpoint.");
        }

        return result;
    }

    internal static void ValidateEtcd(DatastoreOptions options)
    {
        if (options.EtcdEndpoints is null || options.EtcdEndpoints.Count == 0)
        {
            throw new DatastoreConfigurationException($"{DatastoreOptions.EtcdEndpointsVariable} lists no endpoint.");
        }

        var schemes = options.EtcdEndpoints.Select(e => e.Scheme).Distinct(StringComparer.Ordinal).ToList();
        if (schemes.Count > 1)
        {
            throw new DatastoreConfigurationException($"{DatastoreOptions.EtcdEndpointsVariable} mixes http and https endpoints; use one scheme for all.");
        }

        if ((options.EtcdCertFile is null) != (options.EtcdKeyFile is null))
        {
            throw new DatastoreConfigurationException(
                $"{DatastoreOptions.EtcdCertFileVariable} and {DatastoreOptions.EtcdKeyFileVariable} must be set together (client certificate and its key).");
        }

        var tls = options.EtcdCaCertFile is not null || options.EtcdCertFile is not null;
        if (tls && schemes[0] != "https")
        {
            throw new DatastoreConfigurationException(
                $"TLS files are set ({DatastoreOptions.EtcdCaCertFileVariable}/{DatastoreOptions.EtcdCertFileVariable}) but {DatastoreOptions.EtcdEndpointsVariable} uses http; use https endpoints.");
        }

        CheckFile(DatastoreOptions.EtcdCaCertFileVariable, options.EtcdCaCertFile);
        CheckFile(DatastoreOptions.EtcdCertFileVariable, options.EtcdCertFile);
        CheckFile(DatastoreOptions.EtcdKeyFileVariable, options.EtcdKeyFile);
    }

    private static void CheckFile(string variable, string? path)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new DatastoreConfigurationException($"{variable}='{path}': the file does not exist.");
        }
    }
}
