using Xunit;

namespace Calico.Sdk.Testing.Datastore;

/// <summary>
/// Reads a watch or sync stream with timeouts, keeping a pending read across calls so that "nothing more arrives"
/// can be checked without breaking the enumerator. Disposing cancels the stream.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class StreamProbe<T> : IAsyncDisposable
{
    private readonly CancellationTokenSource cts;
    private readonly IAsyncEnumerator<T> enumerator;
    private Task<bool>? pending;

    internal StreamProbe(Func<CancellationToken, IAsyncEnumerable<T>> open)
    {
        cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        enumerator = open(cts.Token).GetAsyncEnumerator(cts.Token);
    }

    /// <summary>Reads exactly <paramref name="count"/> items, failing after the step timeout.</summary>
    internal async Task<List<T>> TakeAsync(int count)
    {
        var items = new List<T>(count);
        while (items.Count < count)
        {
            items.Add(await NextAsync($"item {items.Count + 1} of {count}").ConfigureAwait(false));
        }

        return items;
    }

    /// <summary>Reads items until one satisfies <paramref name="stop"/> (included), failing after the step timeout.</summary>
    internal async Task<List<T>> TakeUntilAsync(Func<T, bool> stop)
    {
        var items = new List<T>();
        while (true)
        {
            var item = await NextAsync($"the stop item after {items.Count} items").ConfigureAwait(false);
            items.Add(item);
            if (stop(item))
            {
                return items;
            }
        }
    }

    /// <summary>Fails if an item arrives within <paramref name="quiet"/>.</summary>
    internal async Task AssertQuietAsync(TimeSpan quiet)
    {
        pending ??= enumerator.MoveNextAsync().AsTask();
        if (await Task.WhenAny(pending, Task.Delay(quiet, TestContext.Current.CancellationToken)).ConfigureAwait(false) == pending)
        {
            Assert.Fail($"Unexpected item: {(await pending.ConfigureAwait(false) ? enumerator.Current?.ToString() : "end of stream")}");
        }
    }

    /// <summary>Waits for the stream to fail and returns the exception.</summary>
    internal async Task<Exception> FailureAsync()
    {
        try
        {
            while (true)
            {
                await NextAsync("a failure").ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            return ex;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await cts.CancelAsync().ConfigureAwait(false);
        if (pending is not null)
        {
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Expected: the pending read was cancelled.
            }
        }

        try
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Some enumerators observe the cancellation while disposing.
        }

        cts.Dispose();
    }

    private async Task<T> NextAsync(string what)
    {
        pending ??= enumerator.MoveNextAsync().AsTask();
        var step = DatastoreConformanceTests.StepTimeoutValue;
        if (await Task.WhenAny(pending, Task.Delay(step, TestContext.Current.CancellationToken)).ConfigureAwait(false) != pending)
        {
            Assert.Fail($"Timed out after {step} waiting for {what}.");
        }

        var task = pending;
        pending = null;
        Assert.True(await task.ConfigureAwait(false), $"The stream ended while waiting for {what}.");
        return enumerator.Current;
    }
}
