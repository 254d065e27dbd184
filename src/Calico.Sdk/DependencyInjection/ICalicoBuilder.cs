using Microsoft.Extensions.DependencyInjection;

namespace Calico.Sdk.DependencyInjection;

/// <summary>
/// Returned by <c>services.AddCalico(...)</c>; plugins hang their registration methods on it
/// (<c>AddSqliteDatastore()</c>, <c>AddEtcdDatastore()</c>, ...).
/// </summary>
public interface ICalicoBuilder
{
    /// <summary>The service collection being composed.</summary>
    IServiceCollection Services { get; }
}
