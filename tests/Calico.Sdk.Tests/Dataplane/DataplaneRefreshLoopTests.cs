using Calico.Sdk.Dataplane;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Calico.Sdk.Tests.Dataplane;

public sealed class DataplaneRefreshLoopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // The fake clock never advances on its own, so the background loop only runs when a test moves it.
    private readonly FakeTimeProvider _time = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<(DataplaneRefreshReason Reason, DateTimeOffset At)> _calls = [];
    private readonly List<Exception> _errors = [];
    private string? _kernelHash = "a";

    private DataplaneRefreshLoop Start(Func<DataplaneRefreshReason, Task<bool>> reconcile, DataplaneRefreshOptions? options = null) => new(
        _gate,
        _ => Task.FromResult(_kernelHash),
        async (reason, _) =>
        {
            Assert.Equal(0, _gate.CurrentCount); // always called under the gate
            lock (_calls)
            {
                _calls.Add((reason, _time.GetUtcNow()));
            }

            return await reconcile(reason);
        },
        options ?? new DataplaneRefreshOptions { RefreshInterval = TimeSpan.FromHours(1) },
        e =>
        {
            lock (_errors)
            {
                _errors.Add(e);
            }
        },
        timeProvider: _time);

    [Fact]
    public async Task CheckBeforeAnyCommitDoesNothing()
    {
        await using var loop = Start(_ => Task.FromResult(true));
        Assert.False(await loop.CheckNowAsync(TestContext.Current.CancellationToken));
        Assert.Empty(_calls);
    }

    [Fact]
    public async Task DriftIsRepairedUnderTheGateAndTheNewHashRecorded()
    {
        DataplaneRefreshLoop? loop = null;
        await using var started = loop = Start(_ =>
        {
            _kernelHash = "a"; // the repair restores what was committed
            return Task.FromResult(true);
        });
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        loop.Committed();
        _gate.Release();

        Assert.False(await loop.CheckNowAsync(TestContext.Current.CancellationToken)); // records "a", no drift
        _kernelHash = "tampered";
        Assert.True(await loop.CheckNowAsync(TestContext.Current.CancellationToken));
        Assert.Equal([DataplaneRefreshReason.Drift], _calls.Select(c => c.Reason));
        Assert.False(await loop.CheckNowAsync(TestContext.Current.CancellationToken)); // repaired: equal again
        Assert.Single(_calls);
    }

    [Fact]
    public async Task FailedApplyIsRetriedWithDoublingBackOffUntilItCommits()
    {
        var options = new DataplaneRefreshOptions
        {
            RefreshInterval = TimeSpan.FromHours(1),
            MinRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromSeconds(10),
        };
        DataplaneRefreshLoop? loop = null;
        var attempts = 0;
        await using var started = loop = Start(
            _ =>
            {
                if (++attempts < 3)
                {
                    loop!.Failed();
                    throw new DataplaneApplyException("apply failed");
                }

                loop!.Committed();
                return Task.FromResult(true);
            },
            options);
        loop.Failed();

        var deadline = DateTime.UtcNow + Patience;
        while (attempts < 3 && DateTime.UtcNow < deadline)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        Assert.Equal(3, attempts);
        Assert.All(_calls, c => Assert.Equal(DataplaneRefreshReason.Retry, c.Reason));
        Assert.True(_calls[1].At - _calls[0].At >= TimeSpan.FromMilliseconds(200), $"second retry after {_calls[1].At - _calls[0].At}");
        Assert.True(_calls[2].At - _calls[1].At >= TimeSpan.FromMilliseconds(400), $"third retry after {_calls[2].At - _calls[1].At}");
        Assert.Empty(_errors);
    }

    [Fact]
    public void InvalidTimingsAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Start(
            _ => Task.FromResult(true),
            new DataplaneRefreshOptions { MinRetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromSeconds(1) }));
        Assert.Contains("MaxRetryDelay", error.Message, StringComparison.Ordinal);
    }
}
