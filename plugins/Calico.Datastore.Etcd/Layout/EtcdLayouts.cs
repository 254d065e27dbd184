using System.Collections.Concurrent;
using Calico.Sdk.Resources;

namespace Calico.Datastore.Etcd.Layout;

/// <summary>Finds (and caches) the key layout of each kind.</summary>
internal static class EtcdLayouts
{
    private static readonly ConcurrentDictionary<ResourceKind, EtcdKeyLayout> Cache = new();

    public static EtcdKeyLayout For(ResourceKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return Cache.GetOrAdd(kind, Create);
    }

    private static EtcdKeyLayout Create(ResourceKind kind)
    {
        if (kind.ApiVersion == ApiGroups.ProjectCalicoV3)
        {
            switch (kind.Kind)
            {
                case IPAMBlock.KindName:
                    return new IpamBlockLayout(kind);
                case BlockAffinity.KindName:
                    return new BlockAffinityLayout(kind);
                case IPAMHandle.KindName:
                    return new IpamHandleLayout(kind);
                case IPAMConfiguration.KindName:
                    return new IpamConfigLayout(kind);
            }
        }

        return new ResourceKeyLayout(kind);
    }
}
