namespace Calico.Cni.Cni;

/// <summary>The CNI spec versions this plugin speaks and what each allows.</summary>
internal static class CniVersions
{
    public const string Latest = "1.1.0";

    public static readonly string[] Supported = ["0.3.1", "0.4.0", "1.0.0", "1.1.0"];

    public static bool IsSupported(string version) => Array.IndexOf(Supported, version) >= 0;

    /// <summary>Compares two dotted versions numerically.</summary>
    public static int Compare(string a, string b)
    {
        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var p = i < x.Length && int.TryParse(x[i], out var xv) ? xv : 0;
            var q = i < y.Length && int.TryParse(y[i], out var yv) ? yv : 0;
            if (p != q)
            {
                return p.CompareTo(q);
            }
        }

        return 0;
    }

    /// <summary>Result objects before 1.0.0 carry a per-IP <c>version</c> field.</summary>
    public static bool HasIpVersionField(string version) => Compare(version, "1.0.0") < 0;

    /// <summary>Rejects a command the configuration's version does not define (CHECK from 0.4.0, STATUS/GC from 1.1.0).</summary>
    public static void RequireFor(string command, string version)
    {
        if (!IsSupported(version))
        {
            throw new CniException(
                CniCodes.IncompatibleVersion,
                $"incompatible CNI version '{version}'",
                "supported versions: " + string.Join(", ", Supported));
        }

        var minimum = command switch
        {
            "CHECK" => "0.4.0",
            "STATUS" or "GC" => "1.1.0",
            _ => "0.3.1",
        };
        if (Compare(version, minimum) < 0)
        {
            throw new CniException(CniCodes.IncompatibleVersion, $"{command} needs cniVersion {minimum} or later, the configuration says {version}");
        }
    }
}
