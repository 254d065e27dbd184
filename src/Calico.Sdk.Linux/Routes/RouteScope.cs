namespace Calico.Sdk.Linux;

/// <summary>The route scope (rtm_scope, RT_SCOPE_*).</summary>
public enum RouteScope : byte
{
    /// <summary>Global: via a gateway.</summary>
    Universe = 0,

    /// <summary>Interior (site-local).</summary>
    Site = 200,

    /// <summary>On a directly attached link.</summary>
    Link = 253,

    /// <summary>This host.</summary>
    Host = 254,

    /// <summary>No destination; in a delete, matches any scope.</summary>
    Nowhere = 255,
}
