using Calico.Sdk.Linux;

namespace Calico.Cni.Plugin;

/// <summary>
/// The one helper thread of a plugin process. A command overlaps a few slow steps with its main line (building JSON
/// contracts while the datastore opens, creating the veth pair while IPAM allocates, the fsync while the agent
/// programs, the kernel's veth teardown on DEL); each used to get its own thread or thread-pool worker, and every
/// managed thread start is a handshake the starter waits for (long when the host's cores are busy), a stack and a
/// malloc arena to fault in. One native thread (no start handshake), started first, runs them all: queued jobs first,
/// in order, and warm-up steps only while no job waits.
/// </summary>
internal static class Sidecar
{
    private static readonly Lock Gate = new();
    private static readonly Queue<Action> Jobs = new();
    private static readonly SemaphoreSlim Signal = new(0);
    private static Queue<Action>? warmUp;
    private static bool started;
    private static (CancellationTokenSource Source, long Deadline)? cancelAt;

    /// <summary>Starts the thread with optional warm-up steps (run one at a time, each only while no job is queued).</summary>
    public static void Start(IEnumerable<Action> warmUpSteps)
    {
        lock (Gate)
        {
            if (started)
            {
                return;
            }

            started = true;
            warmUp = new Queue<Action>(warmUpSteps);
        }

        // A native thread: Thread.Start would wait until the new thread has been scheduled (see NativeThread).
        NativeThread.Start(Loop);
    }

    /// <summary>Runs <paramref name="work"/> on the sidecar (on a thread of its own when the sidecar was not started).</summary>
    public static Task<T> Run<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Job()
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }

        lock (Gate)
        {
            if (!started)
            {
                return Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            Jobs.Enqueue(Job);
        }

        Signal.Release();
        return done.Task;
    }

    /// <summary>
    /// Cancels <paramref name="source"/> after <paramref name="delay"/>. The sidecar keeps the deadline itself: a
    /// timer would start the runtime's timer thread in a process that otherwise never needs it.
    /// </summary>
    public static void CancelAfter(CancellationTokenSource source, TimeSpan delay)
    {
        lock (Gate)
        {
            if (!started)
            {
                source.CancelAfter(delay);
                return;
            }

            cancelAt = (source, Environment.TickCount64 + (long)delay.TotalMilliseconds);
        }

        Signal.Release();
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command ended (and disposed its source) just before its deadline.
        }
    }

    private static void Loop()
    {
        while (true)
        {
            Action? next;
            var wait = Timeout.Infinite;
            lock (Gate)
            {
                if (!Jobs.TryDequeue(out next))
                {
                    warmUp?.TryDequeue(out next);
                }

                if (cancelAt is { } c)
                {
                    var left = c.Deadline - Environment.TickCount64;
                    if (left <= 0)
                    {
                        cancelAt = null;
                        next ??= () => CancelQuietly(c.Source);
                    }
                    else
                    {
                        wait = (int)Math.Min(left, int.MaxValue);
                    }
                }
            }

            if (next is null)
            {
                Signal.Wait(wait);
                continue;
            }

            next();
        }
    }
}
