namespace Calico.Sdk.Linux;

/// <summary>libnftables rejected a command batch; nothing of it was applied (nft batches are transactions).</summary>
public sealed class NftablesException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="target">Where the commands ran, e.g. <c>netns 'blue'</c>.</param>
    /// <param name="errors">libnftables' error text (with the offending line and a caret marker).</param>
    public NftablesException(string target, string errors)
        : base("nft commands in " + target + " failed: " + errors.Trim())
    {
        Errors = errors;
    }

    /// <summary>libnftables' error text.</summary>
    public string Errors { get; }
}
