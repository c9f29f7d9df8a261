using Microsoft.Extensions.DependencyInjection;

namespace OrleansSearch.Tests.Support;

/// <summary>
/// Wraps a service registered by a factory in another of the same type: the last registration wins, and it builds
/// the original through its factory. For test doubles around what a silo registers (the document store, a grain storage).
/// </summary>
public static class ServiceDecoration
{
    public static void Decorate<T>(this IServiceCollection services, Func<T, T> decorate) where T : class
    {
        var original = services.Last(service => service.ServiceType == typeof(T) && !service.IsKeyedService);
        var factory = original.ImplementationFactory ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered by a factory.");
        services.AddSingleton(provider => decorate((T)factory(provider)));
    }

    public static void DecorateKeyed<T>(this IServiceCollection services, object key, Func<T, T> decorate) where T : class
    {
        var original = services.Last(service => service.ServiceType == typeof(T) && service.IsKeyedService && Equals(service.ServiceKey, key));
        var factory = original.KeyedImplementationFactory ?? throw new InvalidOperationException($"{typeof(T).Name} '{key}' is not registered by a factory.");
        services.AddKeyedSingleton(key, (provider, serviceKey) => decorate((T)factory(provider, serviceKey)));
    }
}
