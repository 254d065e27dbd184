using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;
using Native = Tmds.Linux.LibC;

namespace Calico.Sdk.Linux.Interop;

/// <summary>
/// The libc entry points this assembly uses, as thin wrappers over Tmds.LibC (blittable DllImports with
/// SetLastError, so <see cref="Errno.Last"/> holds the call's errno). The wrappers keep this assembly's own
/// types (nint/nuint/uint, strings) so call sites read the same; all buffers are raw pointers so hot paths
/// (send/recv of netlink batches) marshal nothing. Only gettid, which Tmds.LibC does not bind (nor its syscall
/// number), stays a source-generated LibraryImport.
/// </summary>
internal static unsafe partial class LibC
{
    internal const int O_WRONLY = 1;

    internal static int Socket(int domain, int type, int protocol) => Native.socket(domain, type, protocol);

    internal static int Bind(int fd, void* address, uint length) => Native.bind(fd, (sockaddr*)address, length);

    internal static int GetSockName(int fd, void* address, uint* length) =>
        Native.getsockname(fd, (sockaddr*)address, (socklen_t*)length);

    internal static int SetSockOpt(int fd, int level, int name, void* value, uint length) =>
        Native.setsockopt(fd, level, name, value, length);

    internal static int GetSockOpt(int fd, int level, int name, void* value, uint* length) =>
        Native.getsockopt(fd, level, name, value, (socklen_t*)length);

    /// <summary>setsockopt on a socket owned by a SafeHandle, kept alive (not closed underneath) during the call.</summary>
    internal static int SetSockOpt(SafeHandle socket, int level, int name, void* value, uint length)
    {
        var added = false;
        int result;
        int errno;
        try
        {
            socket.DangerousAddRef(ref added);
            result = Native.setsockopt((int)socket.DangerousGetHandle(), level, name, value, length);
            errno = Marshal.GetLastPInvokeError();
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }

        // The release may run the handle's close (itself a P/Invoke): restore the setsockopt errno for the caller.
        Marshal.SetLastPInvokeError(errno);
        return result;
    }

    internal static nint Send(int fd, void* buffer, nuint length, int flags) =>
        (nint)(long)Native.send(fd, buffer, (size_t)(ulong)length, flags);

    internal static nint Recv(int fd, void* buffer, nuint length, int flags) =>
        (nint)(long)Native.recv(fd, buffer, (size_t)(ulong)length, flags);

    internal static int Poll(pollfd* fds, nuint count, int timeoutMs) => Native.poll(fds, (ulong_t)(ulong)count, timeoutMs);

    internal static int Close(int fd) => Native.close(fd);

    internal static int Open(string path, int flags, int mode)
    {
        fixed (byte* native = Utf8(path))
        {
            return Native.open(native, flags, (ushort)mode);
        }
    }

    internal static nint Read(int fd, void* buffer, nuint count) =>
        (nint)(long)Native.read(fd, buffer, (size_t)(ulong)count);

    internal static nint Write(int fd, void* buffer, nuint count) =>
        (nint)(long)Native.write(fd, buffer, (size_t)(ulong)count);

    internal static int Unlink(string path)
    {
        fixed (byte* native = Utf8(path))
        {
            return Native.unlink(native);
        }
    }

    internal static int SetNs(int fd, int nsType) => Native.setns(fd, nsType);

    internal static int Unshare(int flags) => Native.unshare(flags);

    internal static int Mount(string? source, string target, string? fileSystemType, ulong flags, nint data)
    {
        fixed (byte* nativeSource = Utf8(source), nativeTarget = Utf8(target), nativeType = Utf8(fileSystemType))
        {
            return Native.mount(nativeSource, nativeTarget, nativeType, (ulong_t)flags, (void*)data);
        }
    }

    internal static int Umount2(string target, int flags)
    {
        fixed (byte* native = Utf8(target))
        {
            return Native.umount2(native, flags);
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "gettid")]
    internal static partial int GetTid();

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="text"/> (null stays null, passed as a NULL pointer).</summary>
    private static byte[]? Utf8(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
