using Xunit;

namespace Calico.Datastore.Tests.Sqlite;

/// <summary>Timing-sensitive tests run alone, not next to the other tests of this assembly.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
