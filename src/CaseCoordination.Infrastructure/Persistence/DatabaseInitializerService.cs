using Microsoft.Extensions.Hosting;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>Runs <see cref="DatabaseInitializer"/> when the host starts, before requests are served.</summary>
public sealed class DatabaseInitializerService(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => services.InitializeDatabaseAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
