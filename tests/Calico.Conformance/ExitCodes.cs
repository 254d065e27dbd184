namespace Calico.Conformance;

/// <summary>Process exit codes shared by all commands.</summary>
internal static class ExitCodes
{
    /// <summary>Every vector passed.</summary>
    public const int Success = 0;

    /// <summary>At least one vector failed.</summary>
    public const int Failures = 1;

    /// <summary>Bad command line, or the vectors file could not be read or has the wrong shape.</summary>
    public const int Usage = 2;
}
