using CaseCoordination.Domain.Common;

namespace CaseCoordination.Api.OpenApi;

/// <summary>How an endpoint treats <c>If-Match</c>.</summary>
public enum IfMatchUse
{
    /// <summary>Honoured when sent (412 when stale).</summary>
    Honoured,

    /// <summary>Required (428 without it, 412 when stale).</summary>
    Required,
}

/// <summary>The request record whose validator describes an endpoint's query parameters and body.</summary>
public sealed record ValidatedByMetadata(Type Request);

/// <summary>The endpoint reads <c>If-Match</c>.</summary>
public sealed record IfMatchMetadata(IfMatchUse Use);

/// <summary>A query parameter that takes one of a fixed set of codes: an enum's kebab-case codes, or literal values.</summary>
public sealed record QueryCodesMetadata(string Parameter, Type? Enum, IReadOnlyList<string> Values);

/// <summary>
/// What an endpoint declares about itself for the OpenAPI document, beside its binding. The filters in
/// this folder read these; nothing here changes how a request is handled.
/// </summary>
public static class EndpointContract
{
    /// <summary>The validator of <typeparamref name="TRequest"/> bounds this endpoint's query parameters and body fields (same names).</summary>
    public static RouteHandlerBuilder Validates<TRequest>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new ValidatedByMetadata(typeof(TRequest)));

    public static RouteHandlerBuilder HonoursIfMatch(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new IfMatchMetadata(IfMatchUse.Honoured));

    public static RouteHandlerBuilder RequiresIfMatch(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new IfMatchMetadata(IfMatchUse.Required));

    /// <summary>The query parameter takes the kebab-case codes of <typeparamref name="TEnum"/> (as <c>QueryValues.Enum</c> parses them).</summary>
    public static RouteHandlerBuilder QueryCodes<TEnum>(this RouteHandlerBuilder builder, string parameter) where TEnum : struct, Enum =>
        builder.WithMetadata(new QueryCodesMetadata(parameter, typeof(TEnum), Enum.GetValues<TEnum>().Select(Codes.Of).ToList()));

    /// <summary>The query parameter takes one of these values.</summary>
    public static RouteHandlerBuilder QueryCodes(this RouteHandlerBuilder builder, string parameter, IReadOnlyList<string> values) =>
        builder.WithMetadata(new QueryCodesMetadata(parameter, null, values));
}
