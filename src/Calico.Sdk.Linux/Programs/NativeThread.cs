using System.Runtime.InteropServices;

namespace Calico.Sdk.Linux;

/// <summary>
/// Starts an OS thread that runs managed code, without <see cref="Thread.Start()"/>'s handshake: that call spins
/// (yielding) until the new thread has been scheduled and has reported itself started, which on a host whose cores are
/// busy costs the starter a scheduling round — measured 0.5 ms with a core free and ~1.5 ms with both busy in the CNI
/// plugin, whose whole command takes ~10 ms. Here <c>pthread_create</c> returns at once and the thread attaches itself to
/// the runtime when it first enters managed code. For short-lived processes that want one helper thread early; a
/// long-running service should use <see cref="Thread"/>.
/// </summary>
public static unsafe partial class NativeThread
{
    /// <summary>Starts a detached thread running <paramref name="work"/>. It does not keep the process alive.</summary>
    /// <param name="work">The thread's work; an exception escaping it terminates the process (as on any thread).</param>
    /// <exception cref="LinuxSystemException">pthread_create failed (the error number names why).</exception>
    public static void Start(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var handle = GCHandle.Alloc(work);
        var rc = PthreadCreate(out var thread, 0, &Entry, GCHandle.ToIntPtr(handle));
        if (rc != 0)
        {
            handle.Free();
            throw new LinuxSystemException("pthread_create", "a native thread", rc);
        }

        _ = PthreadDetach(thread);
    }

    [UnmanagedCallersOnly]
    private static nint Entry(nint argument)
    {
        var handle = GCHandle.FromIntPtr(argument);
        var work = (Action)handle.Target!;
        handle.Free();
        try
        {
            work();
        }
#pragma warning disable CA1031 // nothing may cross the native boundary: fail fast with the cause instead
        catch (Exception e)
#pragma warning restore CA1031
        {
            Environment.FailFast("unhandled exception on a native thread: " + e);
        }

        return 0;
    }

    [LibraryImport("libc", EntryPoint = "pthread_create")]
    private static partial int PthreadCreate(out nuint thread, nint attributes, delegate* unmanaged<nint, nint> start, nint argument);

    [LibraryImport("libc", EntryPoint = "pthread_detach")]
    private static partial int PthreadDetach(nuint thread);
}
