using System.Runtime.InteropServices;
using Calico.Sdk.Linux.Interop;
using Microsoft.Win32.SafeHandles;

namespace Calico.Sdk.Linux.Workloads;

/// <summary>
/// A host-wide exclusive lock on a file (<c>flock(LOCK_EX)</c>), like the CNI plugin's
/// <c>/var/run/calico/ipam.lock</c>: every process on the host that takes the same path is serialised, and the kernel
/// drops the lock when the holder exits or crashes. The file is created mode 0600 in a directory created 0700.
/// </summary>
public sealed partial class HostLock : IDisposable
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int LockUnlock = 8;
    private readonly SafeFileHandle _handle;

    private HostLock(SafeFileHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> for another holder to release it.</summary>
    /// <param name="path">The lock file (created when missing).</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The held lock; dispose it to release.</returns>
    /// <exception cref="TimeoutException">Another process held the lock for the whole timeout.</exception>
    /// <exception cref="LinuxSystemException">The file could not be opened or locked.</exception>
    public static HostLock Acquire(string path, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory) && OperatingSystem.IsLinux())
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // open(2) directly: FileStream would take its own advisory flock on the descriptor.
        const int ReadWrite = 2;
        var fd = LibC.Open(path, ReadWrite | Constants.O_CREAT | Constants.O_CLOEXEC, 0x180);
        if (fd < 0)
        {
            throw Errno.LastException("open", path);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var owned = true;
        try
        {
            if (Flock(fd, LockExclusive | LockNonBlocking) == 0)
            {
                return new HostLock(handle, path);
            }

            // Contended: wait in the kernel (fair and prompt wake-up) on a helper thread so the caller's timeout
            // holds; a late grant after the timeout is released at once by the helper.
            var waiter = new Waiter(handle);
            var thread = new Thread(waiter.Run) { IsBackground = true, Name = "host-lock" };
            thread.Start();
            if (!waiter.Done.Wait(timeout))
            {
                if (waiter.Abandon())
                {
                    owned = false; // the waiter thread closes it when its flock returns
                    throw new TimeoutException($"host lock '{path}' was held by another process for more than {timeout.TotalSeconds:0.#} s");
                }
            }

            if (waiter.Errno != 0)
            {
                throw Errno.Exception("flock", path, waiter.Errno);
            }

            return new HostLock(handle, path);
        }
        catch when (owned)
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        if (!_handle.IsClosed)
        {
            _ = Flock((int)_handle.DangerousGetHandle(), LockUnlock);
            _handle.Dispose();
        }
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    private sealed class Waiter(SafeFileHandle handle)
    {
        private int _state; // 0 waiting, 1 granted, 2 abandoned

        public ManualResetEventSlim Done { get; } = new();

        public int Errno { get; private set; }

        public void Run()
        {
            int result;
            do
            {
                result = Flock((int)handle.DangerousGetHandle(), LockExclusive);
            }
            while (result != 0 && Marshal.GetLastPInvokeError() == Interop.Errno.EINTR);

            Errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
            if (Interlocked.CompareExchange(ref _state, 1, 0) == 2)
            {
                if (result == 0)
                {
                    _ = Flock((int)handle.DangerousGetHandle(), LockUnlock);
                }

                handle.Dispose();
            }

            Done.Set();
        }

        /// <summary>Marks the wait abandoned; false when the lock was granted in the meantime.</summary>
        public bool Abandon() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;
    }
}
