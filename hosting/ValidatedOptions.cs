using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.GameState.Hosting;

/// <summary>
/// Options bound from configuration and checked (their data annotations) when the host starts, so a wrong setting
/// stops the process at once with its name instead of misbehaving at the first request that reads it.
/// </summary>
public static class ValidatedOptions
{
    public static IServiceCollection AddValidatedOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(
        this IServiceCollection services, IConfiguration section)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
