using System.Text.Json.Nodes;
using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Application.Common.Paging;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CaseCoordination.Api.OpenApi;

/// <summary>
/// Declares, on every operation under <c>/api</c>, what a generated client needs beside the success
/// answer: the bounds of its parameters and body from the validators, the request headers it reads
/// (<c>If-Match</c>, <c>Idempotency-Key</c>), the codes its query parameters take, the problem answers it
/// can give (one <see cref="Problem"/> schema as <c>application/problem+json</c>) and the response
/// headers (<c>ETag</c>, <c>Location</c>, <c>Idempotent-Replayed</c>, the rate-limit headers, <c>Retry-After</c>).
/// </summary>
public sealed class ContractOperationFilter(ValidatorRules validators) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var description = context.ApiDescription;
        if (description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) != true)
        {
            return;
        }

        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var isPost = HttpMethods.IsPost(method);
        var changes = isPost || HttpMethods.IsPut(method);
        var ifMatch = metadata.OfType<IfMatchMetadata>().LastOrDefault();
        operation.Parameters ??= [];
        operation.Responses ??= [];

        foreach (var codes in metadata.OfType<QueryCodesMetadata>())
        {
            DeclareCodes(operation, codes, context);
        }

        DescribePaging(operation);
        if (metadata.OfType<ValidatedByMetadata>().LastOrDefault() is { } validated)
        {
            ApplyValidator(operation, validators.For(validated.Request), context);
        }

        if (ifMatch is not null)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = ifMatch.Use == IfMatchUse.Required,
                Description = ifMatch.Use == IfMatchUse.Required
                    ? "Required: the ETag of the case as last read (`\"7\"`). Without it (or with `*`) the answer is 428 `precondition-required`; a stale one is 412 `precondition-failed`."
                    : "Optional: the ETag of the resource as last read (`\"7\"`). A stale one (or one that is not an ETag of ours) is 412 `precondition-failed`; `*` or no header skips the check.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 16, Pattern = "^(\\*|(W/)?\"[0-9]+\")$" },
            });
        }

        if (isPost)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyMiddleware.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "A key of your choosing (a UUID, say) that makes a retry safe: the same key with the same request replays the first answer (`Idempotent-Replayed: true`); with another request it is 422 `idempotency-key-reused`; while the first is still running, 409 `idempotency-key-in-progress`.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyMiddleware.MaxKeyLength },
            });
        }

        var hasBody = operation.RequestBody is not null;
        var pathIds = description.ParameterDescriptions.Any(p => p.Source.Id == "Path" && p.Type == typeof(Guid));
        var otherInput = description.ParameterDescriptions.Any(p => p.Source.Id == "Query" || (p.Source.Id == "Path" && p.Type != typeof(Guid)));
        var problem = context.SchemaGenerator.GenerateSchema(typeof(Problem), context.SchemaRepository);

        void Problem(int status, string text)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            operation.Responses[key] = new OpenApiResponse
            {
                Description = text,
                Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = problem } },
            };
        }

        if (hasBody || otherInput || isPost)
        {
            Problem(400, "The request is not valid: `validation-failed` (the messages per field in `errors`), `malformed-request` (a body that is not JSON or a value of the wrong type; `path` names it)"
                + (isPost ? " or `invalid-idempotency-key`." : "."));
        }

        Problem(401, "`unauthenticated`: no bearer token, or one that is not valid or has expired.");
        Problem(403, "The caller's role may not do this, or its agency may not (`forbidden`, `agency-required`, `wrong-agency`, `region-scope` and other codes).");
        if (pathIds)
        {
            Problem(404, "`not-found`: it does not exist, or is not visible to the caller's agency.");
        }

        if (changes)
        {
            Problem(409, "The current state does not allow this (`illegal-transition` with `allowedTransitions`, `case-closed`, `handover-pending`, …), another change won a race (`concurrency-conflict`), or `idempotency-key-in-progress`.");
        }

        if (ifMatch is not null)
        {
            Problem(412, "`precondition-failed`: `If-Match` names an older version; read the resource again for its current `ETag`.");
        }

        if (hasBody)
        {
            Problem(413, "`payload-too-large`: the body is over 1 MiB.");
        }

        if (changes)
        {
            Problem(422, "A rule of the domain refuses it (e.g. `categories-not-covered` with `uncoveredCategories`, `unknown-agency`), or `idempotency-key-reused`.");
        }

        if (ifMatch?.Use == IfMatchUse.Required)
        {
            Problem(428, "`precondition-required`: send `If-Match` with the case's `ETag`.");
        }

        Problem(429, "`rate-limited`: too many requests from this user or this agency in the current window; retry after `Retry-After` seconds.");
        Problem(500, "`internal-error`: an unexpected error; it has been logged under `traceId`.");
        Problem(503, "`database-unavailable`: the database does not answer; retry after `Retry-After` seconds.");

        DeclareResponseHeaders(operation, isPost, context);
    }

    private static void DeclareResponseHeaders(OpenApiOperation operation, bool isPost, OperationFilterContext context)
    {
        foreach (var (key, value) in operation.Responses!)
        {
            if (value is not OpenApiResponse response || !int.TryParse(key, out var status))
            {
                continue;
            }

            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (status is >= 200 and < 300 && Versioned(response, context))
            {
                response.Headers["ETag"] = Header("The resource's version as an ETag (`\"7\"`); send it back in `If-Match`.", Text(16, "^\"[0-9]+\"$"));
            }

            if (status == 201)
            {
                response.Headers["Location"] = Header("The path of the new resource.", Text(200, "^/api/v1/[a-z0-9/-]+$"));
            }

            if (isPost && status < 500)
            {
                response.Headers["Idempotent-Replayed"] = Header("`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.", Codes(["true"]));
            }

            // Every answer the rate limiter counted carries them; a 401 is not counted (no caller).
            if ((status is >= 200 and < 300 || status is >= 400 and < 500) && status != 401)
            {
                response.Headers["RateLimit-Policy"] = Header("The policy closest to its limit: `\"per-user\";q=600;w=60` or `\"per-agency\";q=6000;w=60` (requests per window of seconds).", Text(100, "^\"per-(user|agency)\";q=[0-9]+;w=[0-9]+$"));
                response.Headers["RateLimit"] = Header("What is left of it: `\"per-user\";r=42;t=17` (remaining requests, seconds until the window resets).", Text(100, "^\"per-(user|agency)\";r=[0-9]+;t=[0-9]+$"));
            }

            if (status is 429 or 503)
            {
                response.Headers["Retry-After"] = Header("Seconds to wait before retrying.", new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = "86400" });
            }
        }
    }

    /// <summary>The answer is one resource with a <c>version</c>: the endpoint sends it as the ETag.</summary>
    private static bool Versioned(OpenApiResponse response, OperationFilterContext context) =>
        response.Content?.Values.Any(m => Resolve(m.Schema, context)?.Properties?.ContainsKey("version") == true) == true;

    private static OpenApiHeader Header(string description, OpenApiSchema schema) => new() { Description = description, Schema = schema };

    private static OpenApiSchema Text(int maxLength, string pattern) => new() { Type = JsonSchemaType.String, MaxLength = maxLength, Pattern = pattern };

    private static OpenApiSchema Codes(IEnumerable<string> values) =>
        new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };

    private static void DeclareCodes(OpenApiOperation operation, QueryCodesMetadata codes, OperationFilterContext context)
    {
        if (operation.Parameters!.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == codes.Parameter) is not { } parameter)
        {
            return;
        }

        parameter.Schema = codes.Enum is { } type
            ? context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository)
            : Codes(codes.Values);
    }

    private static void DescribePaging(OpenApiOperation operation)
    {
        foreach (var parameter in operation.Parameters!.OfType<OpenApiParameter>())
        {
            if (parameter.Name == "limit")
            {
                parameter.Description = $"Items per page (default {Cursor.DefaultLimit}).";
                if (parameter.Schema is OpenApiSchema schema)
                {
                    schema.Default = JsonValue.Create(Cursor.DefaultLimit);
                }
            }
            else if (parameter.Name == "cursor")
            {
                parameter.Description = "The `nextCursor` of the previous page, as it came (opaque); omit it for the first page.";
            }
        }
    }

    /// <summary>Puts each rule of the validator on the query parameter or body field of the same name.</summary>
    private static void ApplyValidator(OpenApiOperation operation, IReadOnlyList<FieldRule> rules, OperationFilterContext context)
    {
        var body = operation.RequestBody?.Content?.Values.FirstOrDefault()?.Schema;
        foreach (var rule in rules)
        {
            if (rule.Path.Count == 1
                && operation.Parameters!.OfType<OpenApiParameter>().FirstOrDefault(p => string.Equals(p.Name, rule.Path[0], StringComparison.OrdinalIgnoreCase)) is { } parameter)
            {
                if (parameter.Schema is OpenApiSchema schema)
                {
                    Bound(schema, rule);
                }

                parameter.Required |= rule.Required;
                continue;
            }

            if (Field(body, rule.Path, context) is not var (owner, name, property))
            {
                continue;
            }

            if (rule.Required)
            {
                owner.Required ??= new HashSet<string>(StringComparer.Ordinal);
                owner.Required.Add(name);
                if (property is OpenApiSchema nullable && nullable.Type is { } t)
                {
                    nullable.Type = t & ~JsonSchemaType.Null;
                }
            }

            var target = rule.OnItems ? (property as OpenApiSchema)?.Items as OpenApiSchema : property as OpenApiSchema;
            if (target is not null)
            {
                Bound(target, rule);
            }
        }
    }

    private static void Bound(OpenApiSchema schema, FieldRule rule)
    {
        if (schema.Type?.HasFlag(JsonSchemaType.Array) == true)
        {
            schema.MinItems = rule.MinLength ?? schema.MinItems;
            schema.MaxItems = rule.MaxItems ?? schema.MaxItems;
            return;
        }

        schema.MinLength = rule.MinLength ?? schema.MinLength;
        schema.MaxLength = rule.MaxLength ?? schema.MaxLength;
        schema.Pattern = rule.Pattern ?? schema.Pattern;
        schema.Minimum = rule.Minimum ?? schema.Minimum;
        schema.Maximum = rule.Maximum ?? schema.Maximum;
    }

    /// <summary>The component schema that owns the field at <paramref name="path"/>, the field's name there and its schema.</summary>
    private static (OpenApiSchema Owner, string Name, IOpenApiSchema Property)? Field(IOpenApiSchema? schema, IReadOnlyList<string> path, OperationFilterContext context)
    {
        var current = Resolve(schema, context);
        for (var i = 0; current is not null && i < path.Count; i++)
        {
            var name = current.Properties?.Keys.FirstOrDefault(k => string.Equals(k, path[i], StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                return null;
            }

            var property = current.Properties![name];
            if (i == path.Count - 1)
            {
                return (current, name, property);
            }

            current = Resolve(property, context);
        }

        return null;
    }

    private static OpenApiSchema? Resolve(IOpenApiSchema? schema, OperationFilterContext context) => schema switch
    {
        OpenApiSchemaReference r when r.Reference.Id is { } id && context.SchemaRepository.Schemas.TryGetValue(id, out var target) => target as OpenApiSchema,
        OpenApiSchema { AllOf: [var only] } => Resolve(only, context),
        OpenApiSchema s => s,
        _ => null,
    };
}
