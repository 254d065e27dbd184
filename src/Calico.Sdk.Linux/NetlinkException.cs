namespace Calico.Sdk.Linux;

/// <summary>
/// The kernel rejected a netlink request. The message names the operation and the object (as iproute2 would print
/// them), the errno, and the kernel's extended-ack text when it sent one (e.g. <c>Unknown device type</c>).
/// </summary>
public sealed class NetlinkException : LinuxSystemException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">What was attempted, e.g. <c>add route</c>.</param>
    /// <param name="target">The object, e.g. <c>10.0.0.0/24 dev 3 table 254</c>.</param>
    /// <param name="errno">The positive errno value.</param>
    /// <param name="kernelMessage">The kernel's extended-ack message, or null.</param>
    public NetlinkException(string operation, string target, int errno, string? kernelMessage)
        : this(operation, target, errno, kernelMessage, [])
    {
    }

    internal NetlinkException(string operation, string target, int errno, string? kernelMessage, IReadOnlyList<NetlinkException> additional)
        : base(operation, target, errno, Detail(kernelMessage, additional))
    {
        KernelMessage = kernelMessage;
        AdditionalFailures = additional;
    }

    /// <summary>The kernel's extended-ack message (NLMSGERR_ATTR_MSG), or null.</summary>
    public string? KernelMessage { get; }

    /// <summary>For a batch: the failures after this first one (each also names its operation and object).</summary>
    public IReadOnlyList<NetlinkException> AdditionalFailures { get; }

    private static string? Detail(string? kernelMessage, IReadOnlyList<NetlinkException> additional)
    {
        if (additional.Count == 0)
        {
            return kernelMessage;
        }

        var more = "(and " + additional.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " more failed requests in the batch)";
        return string.IsNullOrEmpty(kernelMessage) ? more : kernelMessage + " " + more;
    }
}
