namespace Calico.Dataplane.Iptables.Tests.Kernel;

/// <summary>Polls a condition until it holds or the time is up.</summary>
internal static class Eventually
{
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(25, ct);
        }

        return await condition();
    }
}
