using System.Globalization;

namespace Calico.Datastore.Tests.Sqlite;

/// <summary>The 1-minute load average per core, from /proc/loadavg.</summary>
internal static class SystemLoad
{
    public static double PerCore()
    {
        var text = File.ReadAllText("/proc/loadavg");
        return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture) / Environment.ProcessorCount;
    }
}
