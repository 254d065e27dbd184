namespace Calico.Sdk.Dataplane;

/// <summary>The timings of a <see cref="DataplaneRefreshLoop"/>.</summary>
public sealed class DataplaneRefreshOptions
{
    /// <summary>How often the kernel state is compared with what was committed (and repaired when it drifted).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay after a failed apply; doubles per failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the timings.</summary>
    /// <exception cref="ArgumentException">A delay is not positive or <see cref="MaxRetryDelay"/> is below <see cref="MinRetryDelay"/>.</exception>
    internal void Validate()
    {
        if (RefreshInterval <= TimeSpan.Zero || MinRetryDelay <= TimeSpan.Zero || MaxRetryDelay < MinRetryDelay)
        {
            throw new ArgumentException(
                $"RefreshInterval ({RefreshInterval}) and MinRetryDelay ({MinRetryDelay}) must be positive and MaxRetryDelay ({MaxRetryDelay}) >= MinRetryDelay",
                nameof(RefreshInterval));
        }
    }
}
