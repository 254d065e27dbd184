using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;

namespace Calico.Datastore.Etcd.Client;

/// <summary>What a failed etcd call means for the caller.</summary>
internal enum EtcdFailureKind
{
    /// <summary>The request never left this process (no connection could be made): nothing was applied.</summary>
    NotSent,

    /// <summary>etcd refused the request (space quota, rate limit, auth): nothing was applied.</summary>
    Refused,

    /// <summary>etcd refused the request because it is larger than its request limit.</summary>
    TooLarge,

    /// <summary>The revision asked for has been compacted.</summary>
    Compacted,

    /// <summary>The request may have reached etcd and its reply was lost: a write may or may not have been applied.</summary>
    Indeterminate,
}

/// <summary>Classifies <see cref="RpcException"/>s from etcd by whether the request can have been applied.</summary>
internal static class EtcdFailure
{
    public static EtcdFailureKind Classify(RpcException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var detail = ex.Status.Detail ?? string.Empty;
        switch (ex.StatusCode)
        {
            case StatusCode.OutOfRange when detail.Contains("compacted", StringComparison.Ordinal):
                return EtcdFailureKind.Compacted;
            case StatusCode.InvalidArgument when detail.Contains("too large", StringComparison.Ordinal):
            case StatusCode.ResourceExhausted when detail.Contains("larger than max", StringComparison.Ordinal):
                return EtcdFailureKind.TooLarge;
            case StatusCode.ResourceExhausted:
            case StatusCode.PermissionDenied:
            case StatusCode.Unauthenticated:
            case StatusCode.InvalidArgument:
            case StatusCode.FailedPrecondition:
            case StatusCode.OutOfRange:
            case StatusCode.Unimplemented:
                // etcd validates and authorises before proposing to raft, so these were never applied.
                return EtcdFailureKind.Refused;
            case StatusCode.Unavailable when detail.StartsWith("Error connecting to subchannel", StringComparison.Ordinal):
                // Grpc.Net.Client's balancer failed the pick: no connection existed, so the call was never sent.
                return EtcdFailureKind.NotSent;
            default:
                return NeverSent(ex.Status.DebugException) ? EtcdFailureKind.NotSent : EtcdFailureKind.Indeterminate;
        }
    }

    /// <summary>Whether the failure happened while connecting, before any request bytes could reach etcd.</summary>
    public static bool NeverSent(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // TLS refused (untrusted server, or etcd rejecting our client certificate): no HTTP/2 stream existed.
                case AuthenticationException:
                    return true;

                // SocketsHttpHandler sends requests on a new HTTP/2 connection only after the server's SETTINGS
                // arrived; without them no stream was opened.
                case IOException io when io.Message.Contains("HTTP/2 connection could not be established", StringComparison.Ordinal):
                    return true;
                case SocketException se when se.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable
                    or SocketError.NetworkUnreachable or SocketError.HostNotFound:
                    return true;
                case HttpRequestException hre when hre.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                    or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError:
                    return true;
            }
        }

        return false;
    }

    /// <summary>A short description of the failure for messages: the status detail and the innermost cause.</summary>
    public static string Describe(RpcException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var inner = ex.Status.DebugException;
        while (inner?.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner is null || ex.Status.Detail.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{ex.StatusCode}: {ex.Status.Detail}"
            : $"{ex.StatusCode}: {ex.Status.Detail} ({inner.Message})";
    }
}
