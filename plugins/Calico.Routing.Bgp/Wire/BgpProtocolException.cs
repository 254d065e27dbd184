namespace Calico.Routing.Bgp.Wire;

/// <summary>A protocol error that ends the session with a NOTIFICATION carrying this code, subcode and data.</summary>
internal sealed class BgpProtocolException : Exception
{
    public BgpProtocolException(byte code, byte subcode, string detail, byte[]? data = null)
        : base(BgpError.Describe(code, subcode) + ": " + detail)
    {
        Code = code;
        Subcode = subcode;
        NotificationData = data ?? [];
    }

    public BgpProtocolException()
        : this(BgpError.Cease, 0, "unspecified")
    {
    }

    public BgpProtocolException(string message)
        : this(BgpError.Cease, 0, message)
    {
    }

    public BgpProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = BgpError.Cease;
        NotificationData = [];
    }

    public byte Code { get; }

    public byte Subcode { get; }

    /// <summary>The NOTIFICATION data field (the offending octets, as each subcode defines).</summary>
    public byte[] NotificationData { get; }
}
