using System.Runtime.CompilerServices;

// The SDK's unit tests live in Calico.Sdk.Tests (not Calico.Sdk.Abstractions.Tests), and they check internals
// such as the SHA-224 implementation against the FIPS 180 vectors.
[assembly: InternalsVisibleTo("Calico.Sdk.Tests")]
