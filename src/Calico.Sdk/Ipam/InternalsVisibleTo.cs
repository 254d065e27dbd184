using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Calico.Ipam.Tests")]
