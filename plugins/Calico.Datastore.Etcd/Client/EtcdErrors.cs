using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Grpc.Core;

namespace Calico.Datastore.Etcd.Client;

/// <summary>Turns failed etcd calls into the datastore contract's typed outcomes.</summary>
internal static class EtcdErrors
{
    /// <summary>A failed write: not applied (unavailable / data error) or maybe applied (outcome unknown).</summary>
    public static DatastoreException Write(RpcException ex, string operation, ResourceKind kind, string? @namespace, string name, Uri endpoint, int maxValueBytes)
    {
        return EtcdFailure.Classify(ex) switch
        {
            EtcdFailureKind.NotSent => new DatastoreUnavailableException(
                $"etcd at {endpoint} could not be reached; the {operation} of {DatastoreException.Describe(kind.Kind, @namespace, name)} was not sent ({EtcdFailure.Describe(ex)}).",
                kind.Kind, @namespace, name, ex),
            EtcdFailureKind.TooLarge => new DatastoreDataException(
                DataErrorReason.Oversized,
                $"etcd refused the {operation} of {DatastoreException.Describe(kind.Kind, @namespace, name)} as too large (limit {maxValueBytes} bytes here; {EtcdFailure.Describe(ex)}).",
                kind.Kind, @namespace, name, ex),
            EtcdFailureKind.Refused or EtcdFailureKind.Compacted => new DatastoreUnavailableException(
                $"etcd at {endpoint} refused the {operation} of {DatastoreException.Describe(kind.Kind, @namespace, name)}; nothing was written ({EtcdFailure.Describe(ex)}).",
                kind.Kind, @namespace, name, ex),
            _ => new DatastoreOutcomeUnknownException(operation, kind.Kind, @namespace, name, ex),
        };
    }

    /// <summary>A failed read.</summary>
    public static DatastoreException Read(RpcException ex, string what, ResourceKind kind, string? @namespace, string? name, Uri endpoint, long revision = 0)
    {
        if (EtcdFailure.Classify(ex) == EtcdFailureKind.Compacted)
        {
            return new RevisionCompactedException(kind.Kind, revision.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
        }

        return new DatastoreUnavailableException(
            $"etcd at {endpoint} did not answer the {what} of {(name is null ? kind.Kind : DatastoreException.Describe(kind.Kind, @namespace, name))} ({EtcdFailure.Describe(ex)}).",
            kind.Kind, @namespace, name, ex);
    }
}
