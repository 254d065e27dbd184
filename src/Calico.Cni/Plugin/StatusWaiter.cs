using System.Diagnostics;
using System.Text.Json;
using Calico.Cni.Cni;
using Calico.Sdk.Serialization;
using Calico.Sdk.Status;

namespace Calico.Cni.Plugin;

/// <summary>
/// Waits for the node agent's endpoint status file to report the WorkloadEndpoint revision ADD wrote as <c>up</c>: from
/// then on the workload's first packet meets its final policy. Woken by inotify on the file (the agent renames it into
/// place), with a 50 ms poll as a safety net; a plain poll (1 ms, then 5 ms) while the directory does not exist yet.
/// </summary>
internal static class StatusWaiter
{
    private static readonly TimeSpan SafetyPoll = TimeSpan.FromMilliseconds(50);

    public static async Task<EndpointStatus> WaitAsync(string file, string revision, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        EndpointStatus? last = null;
        using var changes = FileChangeSignal.TryWatch(file);
        while (true)
        {
            var changed = changes?.Next; // before the read: a change between the read and the wait still wakes us
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

            if (changed is null)
            {
                await Task.Delay(elapsed < TimeSpan.FromMilliseconds(100) ? 1 : 5, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Task.WhenAny(changed, Task.Delay(SafetyPoll, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
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
