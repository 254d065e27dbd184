using System.Globalization;
using Calico.Sdk.Linux.Interop;

namespace Calico.Sdk.Linux;

/// <summary>
/// A Linux system call or kernel request failed. The message names the operation, the object it was applied to
/// and the errno, e.g. <c>setns netns 'blue' failed: EPERM (Operation not permitted)</c>.
/// </summary>
public class LinuxSystemException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">What was attempted, e.g. <c>create netns</c> or <c>add route</c>.</param>
    /// <param name="target">The object, e.g. <c>netns 'blue'</c> or <c>10.0.0.0/24 dev eth0 table 254</c>.</param>
    /// <param name="errno">The positive errno value.</param>
    public LinuxSystemException(string operation, string target, int errno)
        : this(operation, target, errno, null)
    {
    }

    /// <summary>Creates the exception with an extra detail (e.g. the kernel's extended-ack message).</summary>
    /// <param name="operation">What was attempted.</param>
    /// <param name="target">The object.</param>
    /// <param name="errno">The positive errno value.</param>
    /// <param name="detail">Additional text appended to the message, or null.</param>
    protected LinuxSystemException(string operation, string target, int errno, string? detail)
        : base(Format(operation, target, errno, detail))
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(target);
        Operation = operation;
        Target = target;
        Errno = errno;
        HResult = errno;
    }

    /// <summary>What was attempted, e.g. <c>add route</c>.</summary>
    public string Operation { get; }

    /// <summary>The object the operation was applied to.</summary>
    public string Target { get; }

    /// <summary>The positive errno value (e.g. 17 for EEXIST).</summary>
    public int Errno { get; }

    /// <summary>The symbolic errno name, e.g. <c>EEXIST</c>.</summary>
    public string ErrorName => Interop.Errno.Name(Errno);

    private static string Format(string operation, string target, int errno, string? detail)
    {
        var text = string.Format(CultureInfo.InvariantCulture, "{0} {1} failed: {2}", operation, target, Interop.Errno.Describe(errno));
        return string.IsNullOrEmpty(detail) ? text : text + ": " + detail;
    }
}
