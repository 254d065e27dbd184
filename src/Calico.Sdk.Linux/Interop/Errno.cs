using System.Runtime.InteropServices;

namespace Calico.Sdk.Linux.Interop;

/// <summary>errno values and their symbolic names, so errors read like the kernel documentation.</summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int ESRCH = 3;
    internal const int EINTR = 4;
    internal const int EBADF = 9;
    internal const int EAGAIN = 11;
    internal const int ENOMEM = 12;
    internal const int EACCES = 13;
    internal const int EBUSY = 16;
    internal const int EEXIST = 17;
    internal const int ENODEV = 19;
    internal const int EINVAL = 22;
    internal const int ENOSPC = 28;
    internal const int ERANGE = 34;
    internal const int EMSGSIZE = 90;
    internal const int EPROTONOSUPPORT = 93;
    internal const int EOPNOTSUPP = 95;
    internal const int EAFNOSUPPORT = 97;
    internal const int EADDRINUSE = 98;
    internal const int EADDRNOTAVAIL = 99;
    internal const int ENETDOWN = 100;
    internal const int ENETUNREACH = 101;
    internal const int ENOBUFS = 105;
    internal const int ETIMEDOUT = 110;
    internal const int EHOSTUNREACH = 113;

    /// <summary>
    /// The errno of the last libc call on this thread: Tmds.LibC's imports (SetLastError) and source-generated
    /// LibraryImports both save it into the runtime's per-thread slot right after the call returns, so the value
    /// is not clobbered by the runtime's own work in between. Read it before making another native call.
    /// </summary>
    internal static int Last => Tmds.Linux.LibC.errno;

    /// <summary>The symbolic name (EEXIST) or "errno N" for values not in the table.</summary>
    internal static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        ESRCH => "ESRCH",
        EINTR => "EINTR",
        EBADF => "EBADF",
        EAGAIN => "EAGAIN",
        ENOMEM => "ENOMEM",
        EACCES => "EACCES",
        EBUSY => "EBUSY",
        EEXIST => "EEXIST",
        ENODEV => "ENODEV",
        EINVAL => "EINVAL",
        ENOSPC => "ENOSPC",
        ERANGE => "ERANGE",
        EMSGSIZE => "EMSGSIZE",
        EPROTONOSUPPORT => "EPROTONOSUPPORT",
        EOPNOTSUPP => "EOPNOTSUPP",
        EAFNOSUPPORT => "EAFNOSUPPORT",
        EADDRINUSE => "EADDRINUSE",
        EADDRNOTAVAIL => "EADDRNOTAVAIL",
        ENETDOWN => "ENETDOWN",
        ENETUNREACH => "ENETUNREACH",
        ENOBUFS => "ENOBUFS",
        ETIMEDOUT => "ETIMEDOUT",
        EHOSTUNREACH => "EHOSTUNREACH",
        _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>"EEXIST (File exists)".</summary>
    internal static string Describe(int errno) => Name(errno) + " (" + Marshal.GetPInvokeErrorMessage(errno) + ")";

    /// <summary>An exception for a failed system call, naming the call, its object and the errno.</summary>
    internal static LinuxSystemException Exception(string call, string target, int errno) => new(call, target, errno);

    /// <summary>An exception for the errno of the last libc call (see <see cref="Last"/>).</summary>
    internal static LinuxSystemException LastException(string call, string target) => new(call, target, Last);
}
