namespace Calico.Sdk.Linux;

/// <summary>
/// A blocking queue for one consumer thread that sleeps at once when empty. BlockingCollection's SemaphoreSlim spins
/// (sched_yield rounds) before it sleeps; for the nftables thread, which wakes a few times per pod change, that spinning
/// was ~6% of the agent's CPU.
/// </summary>
internal sealed class WorkQueue<T>
{
    private readonly Queue<T> _items = new();
    private readonly object _gate = new();
    private bool _completed;

    /// <summary>Whether <see cref="Complete"/> was called.</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_gate)
            {
                return _completed;
            }
        }
    }

    /// <summary>Queues an item.</summary>
    /// <exception cref="InvalidOperationException">The queue was completed.</exception>
    public void Add(T item)
    {
        lock (_gate)
        {
            if (_completed)
            {
                throw new InvalidOperationException("The queue was completed: no more work is accepted.");
            }

            _items.Enqueue(item);
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Stops accepting items; the consumer drains what is queued, then <see cref="TryTake"/> returns false.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits for the next item; false once the queue is completed and empty.</summary>
    public bool TryTake(out T item)
    {
        lock (_gate)
        {
            while (_items.Count == 0)
            {
                if (_completed)
                {
                    item = default!;
                    return false;
                }

                Monitor.Wait(_gate);
            }

            item = _items.Dequeue();
            return true;
        }
    }
}
