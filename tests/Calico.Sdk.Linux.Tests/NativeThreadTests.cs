using Xunit;

namespace Calico.Sdk.Linux.Tests;

/// <summary>NativeThread: a detached OS thread that runs managed code.</summary>
public sealed class NativeThreadTests
{
    [Fact]
    public void Runs_the_work_on_another_os_thread_that_can_use_the_runtime()
    {
        using var done = new ManualResetEventSlim();
        var caller = Environment.CurrentManagedThreadId;
        var worker = 0;
        var text = string.Empty;
        NativeThread.Start(() =>
        {
            worker = Environment.CurrentManagedThreadId;
            text = string.Join(",", Enumerable.Range(1, 3)); // allocates: the thread is attached to the runtime
            GC.Collect(); // and takes part in a collection like any managed thread
            done.Set();
        });

        Assert.True(done.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken), "the native thread never ran");
        Assert.NotEqual(caller, worker);
        Assert.Equal("1,2,3", text);
    }
}
