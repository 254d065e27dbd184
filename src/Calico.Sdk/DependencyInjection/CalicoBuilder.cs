using Microsoft.Extensions.DependencyInjection;

namespace Calico.Sdk.DependencyInjection;

internal sealed class CalicoBuilder(IServiceCollection services) : ICalicoBuilder
{
    public IServiceCollection Services { get; } = services;
}
