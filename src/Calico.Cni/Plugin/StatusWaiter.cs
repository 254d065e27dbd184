using System.Diagnostics;
using System.Text.Json;
using Calico.Cni.Cni;
using Calico.Sdk.Serialization;
using Calico.Sdk.Status;

namespace Calico.Cni.Plugin;

/// <summary>
/// Waits for the node agent's endpoint status file to report the WorkloadEndpoint revision ADD wrote as <c>up</c>: from
/// then on the workload's first packet meets its final policy. Polls on the calling thread: every 0.2 ms for the first
/// 50 ms (the agent usually answers within a few), then every 1 ms, every 5 ms after 200 ms. A poll of a file that is
/// not there yet is one stat(2), never an exception: in this Native AOT process a thrown exception costs a stack walk
/// with DWARF unwinding (and the first one a metadata lookup for its message), which measured ~1 ms of every ADD's
/// critical path when each missing-file poll threw. Not inotify: tearing an inotify instance down at exit waits for an SRCU grace period
/// (measured ~5 ms added to every ADD), and timer-based async delays wake 1-2 ms late on a busy host.
/// </summary>
internal static class StatusWaiter
{
    public static EndpointStatus Wait(string file, string revision, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        EndpointStatus? last = null;
        while (true)
        {
            last = Read(file) ?? last;
            if (last is { } s && s.ResourceVersion == revision && s.Status == "up")
            {
                return s;
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed >= timeout)
            {
                var seen = last is null ? "no status file" : $"status '{last.Status}' for revision {last.ResourceVersion}";
                throw new CniException(
                    CniCodes.PolicyTimeout,
                    $"the node agent did not report endpoint revision {revision} programmed within {timeout.TotalSeconds:0.###} s ({seen} at {file}); is calico-node running?");
            }

            cancellationToken.ThrowIfCancellationRequested();
            Thread.Sleep(elapsed.TotalMilliseconds switch
            {
                < 50 => TimeSpan.FromMilliseconds(0.2),
                < 200 => TimeSpan.FromMilliseconds(1),
                _ => TimeSpan.FromMilliseconds(5),
            });
        }
    }

    public static EndpointStatus? Read(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(file), StatusJsonContext.Default.EndpointStatus);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            // Removed since the check, or caught mid-replace by a writer that does not rename: poll again.
            return null;
        }
    }
}
