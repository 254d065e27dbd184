using System.Runtime.ExceptionServices;
using Calico.Sdk.Linux.Interop;

namespace Calico.Sdk.Linux.Namespaces;

/// <summary>
/// Runs work on a fresh OS thread that first switches its own network namespace. setns(2) changes only the calling
/// thread, so a dedicated thread that exits afterwards can never leak a foreign namespace into the thread pool.
/// </summary>
internal static class NamespaceThread
{
    private const int StackSize = 512 * 1024;

    /// <summary>Runs <paramref name="work"/> synchronously on a thread that entered the namespace.</summary>
    /// <param name="enter">Switches the new thread's namespace (setns or unshare); throws on failure.</param>
    /// <param name="work">The work; its exception is rethrown on the caller with its original stack.</param>
    /// <param name="name">A thread name for debuggers.</param>
    internal static T Run<T>(Action enter, Func<T> work, string name)
    {
        T result = default!;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    enter();
                    result = work();
                }
#pragma warning disable CA1031 // every exception is marshalled back to the caller
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    error = ExceptionDispatchInfo.Capture(exception);
                }
            },
            StackSize)
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }

    /// <summary>Like <see cref="Run{T}"/> but completes a task instead of blocking the caller.</summary>
    internal static Task<T> RunAsync<T>(Action enter, Func<CancellationToken, T> work, string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(
            () =>
            {
                try
                {
                    enter();
                    cancellationToken.ThrowIfCancellationRequested();
                    completion.SetResult(work(cancellationToken));
                }
                catch (OperationCanceledException canceled) when (canceled.CancellationToken == cancellationToken)
                {
                    completion.SetCanceled(cancellationToken);
                }
#pragma warning disable CA1031 // every exception is marshalled to the task
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    completion.SetException(exception);
                }
            },
            StackSize)
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return completion.Task;
    }

    /// <summary>setns(fd, CLONE_NEWNET) for the calling thread.</summary>
    internal static void Enter(int fd, string description)
    {
        if (LibC.SetNs(fd, Constants.CLONE_NEWNET) != 0)
        {
            throw Errno.LastException("setns", description);
        }
    }
}
