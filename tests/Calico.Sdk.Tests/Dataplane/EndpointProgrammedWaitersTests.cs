using Calico.Sdk.Dataplane;
using Calico.Sdk.Policy;
using static Calico.Sdk.Tests.Dataplane.Programs;
using Xunit;

namespace Calico.Sdk.Tests.Dataplane;

public sealed class EndpointProgrammedWaitersTests
{
    private static Dictionary<EndpointId, EndpointProgram> State(params EndpointProgram[] endpoints) => endpoints.ToDictionary(e => e.Id);

    [Fact]
    public async Task WaiterCompletesWhenAStateProgramsItsEndpoint()
    {
        var waiters = new EndpointProgrammedWaiters();
        var a = Endpoint("a", "7");
        var wait = waiters.WaitAsync(a.Id, "7", TestContext.Current.CancellationToken);
        waiters.Programmed(State(Endpoint("b", "1")), 1);
        Assert.False(wait.IsCompleted);

        waiters.Programmed(State(a), 2);
        var done = await wait.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(new EndpointProgrammed(a.Id, "7", 2), done);
    }

    [Fact]
    public async Task NewerNumericVersionSatisfiesAndOlderDoesNot()
    {
        var waiters = new EndpointProgrammedWaiters();
        var id = Endpoint("a").Id;
        waiters.Programmed(State(Endpoint("a", "9")), 5);

        var already = await waiters.WaitAsync(id, "8", TestContext.Current.CancellationToken);
        Assert.Equal(new EndpointProgrammed(id, "9", 5), already);
        Assert.Equal("9", (await waiters.WaitAsync(id, null, TestContext.Current.CancellationToken)).ResourceVersion);

        var newer = waiters.WaitAsync(id, "10", TestContext.Current.CancellationToken);
        Assert.False(newer.IsCompleted);
        waiters.Programmed(State(Endpoint("a", "10")), 6);
        Assert.Equal(6, (await newer.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).Generation);
    }

    [Fact]
    public async Task NonNumericVersionsMustMatchExactly()
    {
        var waiters = new EndpointProgrammedWaiters();
        var id = Endpoint("a").Id;
        waiters.Programmed(State(Endpoint("a", "v2")), 1);
        var wait = waiters.WaitAsync(id, "v1", TestContext.Current.CancellationToken);
        Assert.False(wait.IsCompleted);
        waiters.Programmed(State(Endpoint("a", "v1")), 2);
        Assert.Equal("v1", (await wait.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).ResourceVersion);
    }

    [Fact]
    public async Task CancelledWaitIsRemovedAndFailAllFailsTheRest()
    {
        var waiters = new EndpointProgrammedWaiters();
        using var cts = new CancellationTokenSource();
        var cancelled = waiters.WaitAsync(Endpoint("a").Id, null, cts.Token);
        var failed = waiters.WaitAsync(Endpoint("b").Id, null, TestContext.Current.CancellationToken);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        waiters.FailAll(new ObjectDisposedException("dataplane"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => failed);

        // Neither waiter is left behind: programming both endpoints now completes nothing and throws nothing.
        waiters.Programmed(State(Endpoint("a"), Endpoint("b")), 3);
        Assert.True(cancelled.IsCanceled);
        Assert.True(failed.IsFaulted);
    }
}
