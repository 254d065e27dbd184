namespace Calico.Cni.Cni;

/// <summary>A failure reported to the runtime as a CNI error result: the spec's code, a message and details.</summary>
internal sealed class CniException : Exception
{
    public CniException(int code, string message, string? details = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Details = details;
    }

    public int Code { get; }

    public string? Details { get; }
}
