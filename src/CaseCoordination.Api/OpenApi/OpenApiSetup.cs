using Microsoft.OpenApi;

namespace CaseCoordination.Api.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/swagger/v1/swagger.json</c>) and Swagger UI (<c>/swagger</c>). Configuration
/// section <c>OpenApi</c>: <c>Enabled</c> serves them (default: in Development only); <c>ServerUrl</c> is
/// the <c>servers</c> entry (default: the scheme and host the document was asked on).
/// </summary>
public static class OpenApiSetup
{
    public const string Section = "OpenApi";

    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>(Section + ":Enabled") ?? environment.IsDevelopment();

    public static IServiceCollection AddCaseCoordinationOpenApi(this IServiceCollection services)
    {
        services.AddSingleton<ValidatorRules>();
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CaseCoordination API",
                Version = "v1",
                Description = "Referrals, consent-based sharing, lead agencies and the access log for agencies that support people subjected to commercial sexual exploitation. "
                    + "Every error is an RFC 9457 problem (`application/problem+json`) with a stable `code`; see docs/api-guide.md.",
            });
            o.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with the claims sub, role, agency_id and region, validated as RFC8725 (JSON Web Token Best Current Practices) asks: "
                    + "unsigned tokens (`alg: none`) are refused, the signing keys come from the server's configuration (the token authority's published keys; in Development the development key, HS256 only), never from the token, "
                    + "and signature, issuer, audience and lifetime are always checked. "
                    + "In Development, mint one with `dotnet run --project src/CaseCoordination.Api -- token`.",
            });
            o.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("Bearer", document)] = [],
            });
            o.SupportNonNullableReferenceTypes();
            o.UseAllOfToExtendReferenceSchemas();
            o.CustomSchemaIds(SchemaIds.Of);
            o.SchemaFilter<CodeValuesSchemaFilter>();
            o.OperationFilter<ContractOperationFilter>();
            o.DocumentFilter<ContractDocumentFilter>();
        });
        return services;
    }

    public static WebApplication UseCaseCoordinationOpenApi(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration, app.Environment))
        {
            return app;
        }

        var serverUrl = app.Configuration[Section + ":ServerUrl"];
        var environment = app.Environment.IsDevelopment() ? "local (Development)" : app.Environment.EnvironmentName.ToLowerInvariant();
        app.UseSwagger(o =>
        {
            o.RouteTemplate = "swagger/{documentName}/swagger.json";
            o.PreSerializeFilters.Add((document, request) =>
                document.Servers =
                [
                    new OpenApiServer
                    {
                        Url = serverUrl ?? $"{request.Scheme}://{request.Host.Value}{request.PathBase}",
                        Description = $"This {environment} instance of the API, for the caseworker systems of the cooperating agencies (not a public API).",
                        Extensions = new Dictionary<string, IOpenApiExtension> { ["x-internal"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(true)) },
                    },
                ]);
        });
        app.UseSwaggerUI(o => o.SwaggerEndpoint("/swagger/v1/swagger.json", "CaseCoordination API v1"));
        app.MapGet("/", () => Results.Redirect("/swagger")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
