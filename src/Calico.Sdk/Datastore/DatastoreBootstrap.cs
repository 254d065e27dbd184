using System.Reflection;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Datastore;

/// <summary>
/// First-start initialisation of a datastore: ClusterInformation <c>default</c> and the built-in tiers.
/// Idempotent and safe when several processes start at once: every object is created, and on
/// <see cref="ResourceAlreadyExistsException"/> the existing one is read and kept.
/// </summary>
public static class DatastoreBootstrap
{
    /// <summary>The name of the ClusterInformation singleton.</summary>
    public const string ClusterInformationName = "default";

    /// <summary>The built-in tiers: name, order, default action.</summary>
    public static IReadOnlyList<(string Name, double Order, string DefaultAction)> BuiltInTiers { get; } =
    [
        ("kube-admin", 1_000, "Pass"),
        ("default", 1_000_000, "Deny"),
        ("kube-baseline", 10_000_000, "Pass"),
    ];

    /// <summary>The Calico version recorded in ClusterInformation: this SDK's version.</summary>
    public static string CalicoVersion { get; } = ReadVersion();

    /// <summary>Ensures ClusterInformation <c>default</c> and the built-in tiers exist.</summary>
    /// <param name="store">The datastore.</param>
    /// <param name="timeProvider">The clock for retry back-off.</param>
    /// <param name="cancellationToken">Cancels the initialisation.</param>
    /// <returns>The ClusterInformation as stored (its <c>clusterGUID</c> is the same for every caller).</returns>
    /// <remarks>
    /// An existing ClusterInformation keeps its <c>clusterGUID</c>; its <c>calicoVersion</c> is brought up to date and
    /// <c>datastoreReady</c> is set to true only when unset (a deliberate <see langword="false"/>, e.g. during a
    /// migration, is kept). Existing tiers are never changed.
    /// </remarks>
    public static async Task<ClusterInformation> EnsureInitializedAsync(IDatastore store, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var info = await EnsureClusterInformationAsync(store, timeProvider, cancellationToken).ConfigureAwait(false);
        foreach (var (name, order, action) in BuiltInTiers)
        {
            var tier = new Tier { Metadata = { Name = name }, Spec = { Order = order, DefaultAction = action } };
            await CreateOrKeepAsync(store, ResourceKinds.Tier, tier, cancellationToken).ConfigureAwait(false);
        }

        return info;
    }

    private static async Task<ClusterInformation> EnsureClusterInformationAsync(IDatastore store, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var kind = ResourceKinds.ClusterInformation;
        // A random (version 4) UUID in hex, as Calico writes it. Guid.NewGuid draws from the kernel's CSPRNG;
        // RandomNumberGenerator would load OpenSSL (~5 MB resident) into every agent for these 16 bytes.
        var fresh = new ClusterInformation
        {
            Metadata = { Name = ClusterInformationName },
            Spec = { ClusterGuid = Guid.NewGuid().ToString("N"), CalicoVersion = CalicoVersion, DatastoreReady = true },
        };
        for (var attempt = 1; ; attempt++)
        {
            var existing = (ClusterInformation)await CreateOrKeepAsync(store, kind, fresh, cancellationToken).ConfigureAwait(false);
            if (existing.Spec.CalicoVersion == CalicoVersion && existing.Spec.DatastoreReady is not null && existing.Spec.ClusterGuid is not null)
            {
                return existing;
            }

            existing.Spec.CalicoVersion = CalicoVersion;
            existing.Spec.DatastoreReady ??= true;
            existing.Spec.ClusterGuid ??= fresh.Spec.ClusterGuid;
            try
            {
                return (ClusterInformation)await store.UpdateAsync(kind, existing, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ResourceConflictException or ResourceNotFoundException && attempt < 10)
            {
                // Another process initialised it at the same moment: read again and re-check.
                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<Resource> CreateOrKeepAsync(IDatastore store, ResourceKind kind, Resource resource, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await store.CreateAsync(kind, resource, cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceAlreadyExistsException)
            {
                var existing = await store.GetAsync(kind, resource.Metadata.Namespace, resource.Metadata.Name!, cancellationToken).ConfigureAwait(false);
                if (existing is not null)
                {
                    return existing;
                }

                // Deleted between our create and our read: try to create it again.
            }
        }
    }

    private static string ReadVersion()
    {
        var assembly = typeof(DatastoreBootstrap).Assembly;
        foreach (var metadata in assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
        {
            if (metadata.Key == "CalicoVersion" && !string.IsNullOrEmpty(metadata.Value))
            {
                return metadata.Value;
            }
        }

        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return "v" + (plus < 0 ? informational : informational[..plus]);
    }
}
