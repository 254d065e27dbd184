using Calico.Node;

return await NodeProgram.RunAsync(args).ConfigureAwait(false);
