using CaseCoordination.Application.Common.Behaviours;
using CaseCoordination.Application.Common.Interfaces;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace CaseCoordination.Benchmarks;

/// <summary>
/// Benchmark only: the unit of work of <see cref="AccessLoggingBehaviour{TMessage, TResponse}"/> without
/// the access log — the handler, then one save. Put in its place to measure what the log costs a read.
/// Never registered by the API.
/// </summary>
public sealed class UnitOfWorkOnlyBehaviour<TMessage, TResponse>(IUnitOfWork unitOfWork) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var response = await next(message, cancellationToken);
        await unitOfWork.CommitAsync(cancellationToken);
        return response;
    }
}

public static class WithoutAccessLog
{
    /// <summary>
    /// Mediator 3 (source-generated) registers each behaviour closed over each message type, in the
    /// order of <c>MediatorOptions.PipelineBehaviors</c>, and resolves them with
    /// <c>GetServices&lt;IPipelineBehavior&lt;TMessage, TResponse&gt;&gt;()</c> per call: replacing each
    /// registration in place keeps the order of the rest of the pipeline.
    /// </summary>
    public static int ReplaceAccessLogging(IServiceCollection services)
    {
        var replaced = 0;
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.IsKeyedService || !descriptor.ServiceType.IsGenericType ||
                descriptor.ServiceType.GetGenericTypeDefinition() != typeof(IPipelineBehavior<,>) ||
                descriptor.ImplementationType is not { IsGenericType: true } implementation ||
                implementation.GetGenericTypeDefinition() != typeof(AccessLoggingBehaviour<,>))
            {
                continue;
            }

            var substitute = implementation.IsGenericTypeDefinition
                ? typeof(UnitOfWorkOnlyBehaviour<,>)
                : typeof(UnitOfWorkOnlyBehaviour<,>).MakeGenericType(implementation.GetGenericArguments());
            services[i] = new ServiceDescriptor(descriptor.ServiceType, substitute, descriptor.Lifetime);
            replaced++;
        }

        if (replaced == 0)
        {
            throw new InvalidOperationException("No IPipelineBehavior registration with AccessLoggingBehaviour<,> was found to replace.");
        }

        return replaced;
    }
}
