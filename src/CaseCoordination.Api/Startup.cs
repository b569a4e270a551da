using System.Text.Json;
using System.Text.Json.Serialization;
using CaseCoordination.Api.Endpoints;
using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Api.OpenApi;
using CaseCoordination.Application;
using CaseCoordination.Application.Common.Behaviours;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Options;
using CaseCoordination.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog;

namespace CaseCoordination.Api;

public static class Startup
{
    /// <summary>Serialization as api.md says: camelCase, enums as kebab-case strings, no integers for enums.</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }

    public static WebApplicationBuilder AddCaseCoordination(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // Logging:Format "json" writes one compact JSON object per event (for log shippers); the
        // default is human-readable text. Neither ever contains names, identity numbers or free text.
        var jsonLogs = string.Equals(configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase);
        // Each host keeps its own logger (preserveStaticLogger): the static Log.Logger is never replaced,
        // so two hosts in one process (tests, benchmarks) never write to each other's sinks.
        services.AddSerilog(
            (sp, logger) =>
        {
            logger.ReadFrom.Configuration(configuration).ReadFrom.Services(sp).Enrich.FromLogContext();
            if (jsonLogs)
            {
                logger.WriteTo.Console(new Serilog.Formatting.Compact.RenderedCompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        },
            preserveStaticLogger: true);
        services.AddTelemetry(configuration);

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);

        services.AddSingleton(TimeProvider.System);
        services.Configure<ReferralOptions>(configuration.GetSection(ReferralOptions.Section));
        services.Configure<CaseOptions>(configuration.GetSection(CaseOptions.Section));
        services.Configure<DiagnosticsOptions>(configuration.GetSection(DiagnosticsOptions.Section));
        services.AddCallerRateLimits(configuration);

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.AddApplication();
        services.AddInfrastructure(configuration, builder.Environment);

        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(Application.DependencyInjection)];
            options.PipelineBehaviors =
            [
                typeof(UnhandledExceptionBehaviour<,>),
                typeof(LoggingBehaviour<,>),
                typeof(PerformanceBehaviour<,>),
                typeof(AccessLoggingBehaviour<,>),
                typeof(AuthorizationBehaviour<,>),
                typeof(ValidationBehaviour<,>),
            ];
        });

        services.AddTokenAuthentication(configuration, builder.Environment);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => ConfigureJson(o.JsonSerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // One writer for every problem document, whatever the Accept header says (ProblemWriter): the
        // framework's writer is removed, so nothing answers an error with HTML, an empty body or a 500.
        services.AddProblemDetails();
        services.RemoveAll<IProblemDetailsWriter>();
        services.AddSingleton<IProblemDetailsWriter, ProblemWriter>();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        services.AddCaseCoordinationOpenApi();

        return builder;
    }

    public static WebApplication UseCaseCoordination(this WebApplication app)
    {
        // Responses of the API can carry personal data: never cache them anywhere.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                context.Response.Headers.CacheControl = "no-store";
            }

            return next(context);
        });

        // Request logging sits outside the exception handler, so it records the status the client got
        // and never the exception (whose message could quote input).
        app.UseSerilogRequestLogging(o =>
        {
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
        });

        // The outer exception handler catches what the layers outside the inner one throw (reading an
        // over-long body for the idempotency hash: 413; any fault of the rate limiter or the idempotency
        // store), so that no exception ever reaches the host, whose developer exception page would send
        // the stack trace in Development. Both write through ProblemDetailsExceptionHandler.
        app.UseExceptionHandler();

        // Authentication runs early so that the idempotency layer knows the caller; the idempotency
        // layer sits outside the inner exception handler so that problem answers are kept and replayed too.
        app.UseAuthentication();
        // Counted per agency and per user before anything else runs: a refused request claims no
        // idempotency key and reaches no handler (ADR 0021).
        app.UseRateLimiter();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.UseCaseCoordinationOpenApi();
        app.UseCoordinatorPage();

        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();

        app.MapCoordinatorPage();
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapAgencies().MapDirectory().MapCases().MapConsents().MapReferrals().MapLeadHandovers().MapAudit().MapDashboards().MapWebhooks();
        return app;
    }
}
