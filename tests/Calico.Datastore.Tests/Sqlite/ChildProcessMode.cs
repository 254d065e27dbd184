using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Datastore.Tests.Sqlite;

/// <summary>
/// Lets the test executable act as a second process writing to a shared SQLite file: when started with
/// <see cref="ModeVariable"/> set, the module initializer runs the writer and exits before the test runner starts.
/// </summary>
internal static class ChildProcessMode
{
    internal const string ModeVariable = "CALICO_DS_CHILD";
    internal const string PathVariable = "CALICO_DS_PATH";
    internal const string CountVariable = "CALICO_DS_COUNT";

#pragma warning disable CA2255 // A test executable, not a library: this is its child-process entry point.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Run()
    {
        var mode = Environment.GetEnvironmentVariable(ModeVariable);
        if (mode is null)
        {
            return;
        }

        var path = Environment.GetEnvironmentVariable(PathVariable)!;
        var count = int.Parse(Environment.GetEnvironmentVariable(CountVariable)!, CultureInfo.InvariantCulture);
        var code = mode switch
        {
            "latency" => LatencyWriterAsync(path, count).GetAwaiter().GetResult(),
            "counter" => CounterWriterAsync(path, count).GetAwaiter().GetResult(),
            _ => 2,
        };
        Environment.Exit(code);
    }

    /// <summary>Waits for "go" on stdin, then creates <paramref name="count"/> tiers ~2 ms apart, printing "revision startTicks endTicks" per write.</summary>
    private static async Task<int> LatencyWriterAsync(string path, int count)
    {
        await using var store = new SqliteDatastore(new SqliteDatastoreOptions { Path = path });

        // Warm up (JIT) the write path before measuring; the parent waits for this event before "go".
        await store.CreateAsync(new Tier { Metadata = { Name = "warm-up" } });
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        if (Console.In.ReadLine() != "go")
        {
            return 3;
        }

        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var created = await store.CreateAsync(new Tier { Metadata = { Name = $"lat-{i:D5}" } });
            var end = Stopwatch.GetTimestamp();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{created.Metadata.ResourceVersion} {start} {end}"));
            Thread.Sleep(2);
        }

        foreach (var line in lines)
        {
            Console.Out.WriteLine(line);
        }

        return 0;
    }

    /// <summary>Increments the annotation counter of tier "counter" <paramref name="count"/> times by read-modify-write, retrying conflicts.</summary>
    private static async Task<int> CounterWriterAsync(string path, int count)
    {
        await using var store = new SqliteDatastore(new SqliteDatastoreOptions { Path = path });
        var conflicts = 0;
        for (var i = 0; i < count; i++)
        {
            while (true)
            {
                var tier = (await store.GetAsync<Tier>(null, "counter"))!;
                tier.Metadata.Annotations ??= new Dictionary<string, string>();
                var value = tier.Metadata.Annotations.TryGetValue("counter", out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : 0;
                tier.Metadata.Annotations["counter"] = (value + 1).ToString(CultureInfo.InvariantCulture);
                try
                {
                    await store.UpdateAsync(tier);
                    break;
                }
                catch (ResourceConflictException)
                {
                    conflicts++;
                }
            }
        }

        Console.Out.WriteLine(conflicts.ToString(CultureInfo.InvariantCulture));
        return 0;
    }
}
