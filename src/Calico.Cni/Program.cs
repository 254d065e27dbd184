using Calico.Cni;
using Calico.Cni.Diagnostics;
using Calico.Sdk.Linux;

// One executable, two plugins: `calico` and `calico-ipam` are the same file under two names (argv[0]); `calico
// calico-ipam` (busybox style) selects the IPAM plugin too, for hosts that cannot have a second name.
PhaseTrace.Mark("main");
var invoked = Path.GetFileName(Environment.GetCommandLineArgs()[0]);
var ipam = invoked == "calico-ipam" || (args.Length > 0 && args[0] == "calico-ipam");

// The standard descriptors as plain read(2)/write(2) streams: at the descriptor's offset (a result redirected to a
// file lands where the shell expects), and without the console's terminal and signal-handling set-up.
using var stdin = new DescriptorStream(0, write: false);
using var stdout = new DescriptorStream(1, write: true);
using var stderr = new StreamWriter(new DescriptorStream(2, write: true)) { AutoFlush = true };
return CniRunner.Run(ipam, Environment.GetEnvironmentVariables(), stdin, stdout, stderr);
