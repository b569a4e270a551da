using CaseCoordination.Application.Common.AccessLogging;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the application's validators and per-request services. Mediator itself is registered
    /// by the Api project, which holds the source generator.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        // Messages name fields as clients send them (camelCase), not as C# properties.
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        services.AddValidatorsFromAssemblyContaining(typeof(DependencyInjection), ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddScoped<AccessRecord>();
        services.AddScoped<Common.Idempotency.IdempotencyContext>();
        services.AddSingleton(sp => Common.Options.CaseOptions.SignalWindowsOf(
            sp.GetRequiredService<IOptions<Common.Options.ReferralOptions>>().Value, sp.GetRequiredService<IOptions<Common.Options.CaseOptions>>().Value));
        return services;
    }
}
