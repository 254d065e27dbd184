namespace Calico.Cni.Cni;

/// <summary>Error codes: 1-99 are the CNI spec's well-known codes, 100+ are this plugin's (docs/cni.md).</summary>
internal static class CniCodes
{
    public const int IncompatibleVersion = 1;
    public const int UnsupportedField = 2;
    public const int UnknownContainer = 3;
    public const int InvalidEnvironment = 4;
    public const int IoFailure = 5;
    public const int DecodeFailure = 6;
    public const int InvalidConfig = 7;
    public const int TryAgainLater = 11;
    public const int NotAvailable = 50;
    public const int NotAvailableExistingImpacted = 51;

    /// <summary>The node agent did not report the endpoint programmed within policy_setup_timeout_seconds.</summary>
    public const int PolicyTimeout = 100;

    /// <summary>No address could be assigned (pools exhausted or none applies).</summary>
    public const int IpamExhausted = 101;

    /// <summary>The datastore refused or could not decode a write or read.</summary>
    public const int DatastoreError = 102;

    /// <summary>The kernel refused a plumbing step.</summary>
    public const int KernelError = 103;

    /// <summary>CHECK found the attachment differs from what ADD built.</summary>
    public const int CheckFailed = 104;

    /// <summary>A delegated IPAM plugin failed without a CNI error result.</summary>
    public const int DelegateFailed = 105;

    /// <summary>Anything else; the message says what failed.</summary>
    public const int Unexpected = 110;
}
