using System.Diagnostics;
using System.Text.Json;
using Calico.Cni.Cni;
using Calico.Sdk.Serialization;
using Calico.Sdk.Status;

namespace Calico.Cni.Plugin;

/// <summary>
/// Waits for the node agent's endpoint status file to report the WorkloadEndpoint revision ADD wrote as <c>up</c>: from
/// then on the workload's first packet meets its final policy. Polls (1 ms at first, then 5 ms): cheaper to start
/// than an inotify watcher for waits that usually last a few milliseconds.
/// </summary>
internal static class StatusWaiter
{
    public static async Task<EndpointStatus> WaitAsync(string file, string revision, TimeSpan timeout, CancellationToken cancellationToken)
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

            await Task.Delay(elapsed < TimeSpan.FromMilliseconds(100) ? 1 : 5, cancellationToken).ConfigureAwait(false);
        }
    }

    public static EndpointStatus? Read(string file)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(file), StatusJsonContext.Default.EndpointStatus);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            // Not written yet, or caught mid-replace by a writer that does not rename: poll again.
            return null;
        }
    }
}
