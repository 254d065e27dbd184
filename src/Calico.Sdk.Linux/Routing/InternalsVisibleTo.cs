using System.Runtime.CompilerServices;

// The routing tests compare the routers' netlink requests byte for byte (NetlinkBatch.Encoded).
[assembly: InternalsVisibleTo("Calico.Routing.Tests")]
