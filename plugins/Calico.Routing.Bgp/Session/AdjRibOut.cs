using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Session;

/// <summary>
/// What was sent to one peer and what is still to send. Changes are queued under the speaker's RIB lock and a
/// writer task packs them into UPDATEs (prefixes sharing an attribute object travel together), then End-of-RIB once
/// the initial table has gone out.
/// </summary>
internal sealed class AdjRibOut
{
    private readonly object _lock = new();
    private readonly Dictionary<BgpPrefix, PathAttributes> _sent = [];
    private Dictionary<BgpPrefix, PathAttributes?> _pending = [];
    private readonly HashSet<BgpFamily> _endOfRibDue = [];
    private SemaphoreSlim _signal = new(0);
    private CancellationTokenSource? _run;
    private BgpConnection? _connection;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _sent.Count;
            }
        }
    }

    public void Start(BgpConnection connection)
    {
        lock (_lock)
        {
            _connection = connection;
            _run = new CancellationTokenSource();
            _signal = new SemaphoreSlim(0);
            var token = _run.Token;
            var signal = _signal;
            _ = Task.Run(() => WriteLoopAsync(connection, signal, token));
        }
    }

    /// <summary>Queues an announcement (or a withdrawal when <paramref name="attributes"/> is null).</summary>
    public void Queue(BgpPrefix prefix, PathAttributes? attributes)
    {
        lock (_lock)
        {
            if (_connection is null)
            {
                return;
            }

            _pending[prefix] = attributes;
        }
    }

    public void QueueEndOfRib(IEnumerable<BgpFamily> families)
    {
        lock (_lock)
        {
            _endOfRibDue.UnionWith(families);
        }
    }

    /// <summary>Forgets what was sent for a family so a ROUTE-REFRESH resends all of it.</summary>
    public void ForgetSent(BgpFamily family)
    {
        lock (_lock)
        {
            foreach (var prefix in _sent.Keys.Where(p => p.Family == family).ToList())
            {
                _sent.Remove(prefix);
            }
        }
    }

    public void Flush()
    {
        lock (_lock)
        {
            if (_connection is not null && (_pending.Count > 0 || _endOfRibDue.Count > 0))
            {
                _signal.Release();
            }
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _run?.Cancel();
            _run = null;
            _connection = null;
            _sent.Clear();
            _pending.Clear();
            _endOfRibDue.Clear();
        }
    }

    public void Stop() => Reset();

    private async Task WriteLoopAsync(BgpConnection connection, SemaphoreSlim signal, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
                var messages = TakeMessages(connection.Negotiated?.FourOctetAs ?? true);
                if (messages.Count > 0)
                {
                    await connection.SendManyAsync(messages, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // The session ended; the peer resets this table.
        }
    }

    private List<byte[]> TakeMessages(bool fourOctet)
    {
        Dictionary<BgpPrefix, PathAttributes?> pending;
        List<BgpFamily> endOfRib;
        var withdrawals = new List<BgpPrefix>[2] { [], [] };
        var groups = new Dictionary<PathAttributes, List<BgpPrefix>>(ReferenceEqualityComparer.Instance);
        lock (_lock)
        {
            pending = _pending;
            _pending = new Dictionary<BgpPrefix, PathAttributes?>(pending.Count);
            endOfRib = [.. _endOfRibDue];
            _endOfRibDue.Clear();
            foreach (var (prefix, attributes) in pending)
            {
                if (attributes is null)
                {
                    if (_sent.Remove(prefix))
                    {
                        withdrawals[(int)prefix.Family].Add(prefix);
                    }

                    continue;
                }

                if (_sent.TryGetValue(prefix, out var previous) && (ReferenceEquals(previous, attributes) || SameAttributes(previous, attributes)))
                {
                    continue;
                }

                _sent[prefix] = attributes;
                if (!groups.TryGetValue(attributes, out var list))
                {
                    groups[attributes] = list = [];
                }

                list.Add(prefix);
            }
        }

        var messages = new List<byte[]>();
        messages.AddRange(UpdateEncoder.Withdraw(BgpFamily.IPv4Unicast, withdrawals[0]));
        messages.AddRange(UpdateEncoder.Withdraw(BgpFamily.IPv6Unicast, withdrawals[1]));
        foreach (var (attributes, prefixes) in groups)
        {
            foreach (var family in new[] { BgpFamily.IPv4Unicast, BgpFamily.IPv6Unicast })
            {
                var ofFamily = prefixes.Where(p => p.Family == family).ToList();
                if (ofFamily.Count > 0)
                {
                    messages.AddRange(UpdateEncoder.Announce(attributes, family, ofFamily, fourOctet));
                }
            }
        }

        messages.AddRange(endOfRib.Select(UpdateEncoder.EndOfRib));
        return messages;
    }

    /// <summary>Equal on the wire (records compare arrays by reference, so compare the encodings).</summary>
    private static bool SameAttributes(PathAttributes a, PathAttributes b)
    {
        var bufferA = new byte[4096];
        var bufferB = new byte[4096];
        var lengthA = UpdateEncoder.WriteAttributes(a, BgpFamily.IPv4Unicast, true, bufferA, 0);
        var lengthB = UpdateEncoder.WriteAttributes(b, BgpFamily.IPv4Unicast, true, bufferB, 0);
        return Equals(a.NextHop, b.NextHop) && Equals(a.NextHopLinkLocal, b.NextHopLinkLocal) && bufferA.AsSpan(0, lengthA).SequenceEqual(bufferB.AsSpan(0, lengthB));
    }
}
