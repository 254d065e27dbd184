using System.Runtime.InteropServices;
using Calico.Sdk.Linux.Interop;
using Calico.Sdk.Linux.Namespaces;

namespace Calico.Sdk.Linux;

/// <summary>
/// An in-process libnftables context: runs <c>nft</c> command text (<c>nft -f</c> syntax, one transaction per call)
/// without the 2–5 ms fork/exec of the CLI. The context lives on one dedicated thread that entered the namespace, so
/// the netlink socket libnftables opens is always in that namespace; calls from any thread are queued to it.
/// </summary>
public sealed class Nftables : IDisposable
{
    private static readonly Lazy<bool> Loadable = new(() => NativeLibrary.TryLoad(LibNftables.Lib, out _));
    private readonly WorkQueue<Action> _work = new();
    private readonly Thread _thread;
    private readonly string _target;
    private nint _context;

    private Nftables(NetworkNamespace? ns)
    {
        _target = ns?.ToString() ?? "the current network namespace";
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fd = ns is null ? -1 : (int)ns.Handle.DangerousGetHandle();
        _thread = new Thread(() => Loop(fd, ready)) { IsBackground = true, Name = "nftables " + _target };
        _thread.Start();
        ready.Task.GetAwaiter().GetResult();
    }

    /// <summary>Whether libnftables.so.1 can be loaded on this machine.</summary>
    public static bool IsAvailable => Loadable.Value;

    /// <summary>Creates a context in <paramref name="ns"/> (or the calling thread's namespace when null).</summary>
    /// <param name="ns">The namespace; it must stay open while the context is used.</param>
    /// <returns>The context.</returns>
    /// <exception cref="DllNotFoundException">libnftables is not installed.</exception>
    public static Nftables Open(NetworkNamespace? ns = null)
    {
        if (!IsAvailable)
        {
            throw new DllNotFoundException(LibNftables.Lib + " could not be loaded: install libnftables1 (the nftables package) or use SystemProgram with nft.");
        }

        return new Nftables(ns);
    }

    /// <summary>Runs nft commands as one transaction and returns their output (e.g. of <c>list</c>).</summary>
    /// <param name="commands">Commands in <c>nft -f</c> syntax.</param>
    /// <returns>The output text.</returns>
    /// <exception cref="NftablesException">libnftables rejected the commands; none were applied.</exception>
    public string Run(string commands) => RunAsync(commands, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs nft commands on the context's thread without blocking the caller.</summary>
    /// <param name="commands">Commands in <c>nft -f</c> syntax.</param>
    /// <param name="cancellationToken">Cancels before the commands start.</param>
    /// <returns>The output text.</returns>
    public Task<string> RunAsync(string commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        cancellationToken.ThrowIfCancellationRequested();
        var completion = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                completion.SetCanceled(cancellationToken);
                return;
            }

            var status = LibNftables.RunCommand(_context, commands);
            var output = Marshal.PtrToStringUTF8(LibNftables.GetOutputBuffer(_context)) ?? string.Empty;
            var errors = Marshal.PtrToStringUTF8(LibNftables.GetErrorBuffer(_context)) ?? string.Empty;
            if (status == 0)
            {
                completion.SetResult(output);
            }
            else
            {
                completion.SetException(new NftablesException(_target, errors.Length > 0 ? errors : "status " + status));
            }
        });
        return completion.Task;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_work.IsCompleted)
        {
            _work.Complete();
            _thread.Join();
        }
    }

    private void Loop(int namespaceFd, TaskCompletionSource ready)
    {
        try
        {
            if (namespaceFd >= 0)
            {
                NamespaceThread.Enter(namespaceFd, _target);
            }

            _context = LibNftables.CtxNew(0);
            if (_context == 0 || LibNftables.BufferOutput(_context) != 0 || LibNftables.BufferError(_context) != 0)
            {
                throw new InvalidOperationException("libnftables could not create a context in " + _target);
            }
        }
#pragma warning disable CA1031 // reported to the constructor
        catch (Exception error)
#pragma warning restore CA1031
        {
            ready.SetException(error);
            return;
        }

        ready.SetResult();
        try
        {
            while (_work.TryTake(out var item))
            {
                item();
            }
        }
        finally
        {
            LibNftables.CtxFree(_context);
            _context = 0;
        }
    }
}
