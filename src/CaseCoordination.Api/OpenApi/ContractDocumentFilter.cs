using System.Globalization;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Common.Security;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CaseCoordination.Api.OpenApi;

/// <summary>
/// The last pass over the document:
/// <list type="bullet">
/// <item>every field of an answer is <c>required</c> (the API writes every property, null or not: <c>JsonIgnoreCondition.Never</c>);
/// request bodies keep what their validators require;</item>
/// <item>a paged list's <c>items</c> has the <c>maxItems</c> of the operation's <c>limit</c> (from its validator), and its
/// <c>nextCursor</c> the shape and length every cursor is checked against (<see cref="PageRules"/>);</item>
/// <item>bounds the validators do not set get defaults, but only where they are true (ADR 0031): strings
/// the length of their format (uuid, date, date-time), else the longest text their pattern matches
/// (<see cref="PatternLength"/>), else, in answers only, the longest text the product keeps
/// (<see cref="TextLimits.FreeText"/>); integers their format and a non-negative range (every integer of
/// this API is a count, a version, an id or a year); arrays of codes in answers the number of codes, other
/// arrays in answers the largest count a list can hold (they are not paged: a case's timeline and
/// consents, the access report, dashboard slices). Input (request bodies and parameters) gets no invented
/// text length or list size: what its validator does not bound stays unbounded, and the lint says so.</item>
/// </list>
/// </summary>
public sealed class ContractDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var document = swaggerDoc;
        var components = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        var requests = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in Operations(document))
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                Reach(media.Schema, components, requests);
            }
        }

        foreach (var (id, schema) in components)
        {
            if (schema is OpenApiSchema { Properties.Count: > 0 } s && !requests.Contains(id) && id != nameof(Problem))
            {
                s.Required = new HashSet<string>(s.Properties.Keys, StringComparer.Ordinal);
            }
        }

        foreach (var operation in Operations(document))
        {
            BoundPage(operation, components);
        }

        foreach (var schema in components.Values)
        {
            if (schema.Properties?.ContainsKey("items") == true && schema.Properties.TryGetValue("nextCursor", out var next) && next is OpenApiSchema cursor)
            {
                cursor.Pattern = PageRules.CursorPattern;
                cursor.MaxLength = PageRules.MaxCursorLength;
            }
        }

        var seen = new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance);
        foreach (var (id, schema) in components)
        {
            Defaults(schema, components, seen, input: requests.Contains(id));
        }

        foreach (var operation in Operations(document))
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                Defaults(parameter.Schema, components, seen, input: true);
            }

            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                Defaults(media.Schema, components, seen, input: true);
            }

            foreach (var response in (IEnumerable<IOpenApiResponse>?)operation.Responses?.Values ?? [])
            {
                foreach (var media in response.Content?.Values ?? [])
                {
                    Defaults(media.Schema, components, seen, input: false);
                }

                foreach (var header in response.Headers?.Values ?? [])
                {
                    Defaults(header.Schema, components, seen, input: false);
                }
            }
        }
    }

    private static IEnumerable<OpenApiOperation> Operations(OpenApiDocument document) =>
        document.Paths.Values.SelectMany(p => (IEnumerable<OpenApiOperation>?)p.Operations?.Values ?? []);

    private static void Reach(IOpenApiSchema? schema, IDictionary<string, IOpenApiSchema> components, HashSet<string> reached)
    {
        switch (schema)
        {
            case OpenApiSchemaReference r when r.Reference.Id is { } id:
                if (reached.Add(id) && components.TryGetValue(id, out var target))
                {
                    Reach(target, components, reached);
                }

                break;
            case OpenApiSchema s:
                foreach (var child in Children(s))
                {
                    Reach(child, components, reached);
                }

                break;
        }
    }

    private static IEnumerable<IOpenApiSchema> Children(OpenApiSchema s) =>
        (s.Properties?.Values ?? []).Concat(s.AllOf ?? []).Concat(s.OneOf ?? []).Concat(s.AnyOf ?? [])
            .Concat(new[] { s.Items, s.AdditionalProperties }.OfType<IOpenApiSchema>());

    /// <summary>The page an operation with a bounded <c>limit</c> answers holds at most that many items.</summary>
    private static void BoundPage(OpenApiOperation operation, IDictionary<string, IOpenApiSchema> components)
    {
        if (operation.Parameters?.FirstOrDefault(p => p.Name == "limit")?.Schema?.Maximum is not { } maximum
            || operation.Responses?.TryGetValue("200", out var ok) != true
            || ok!.Content?.Values.FirstOrDefault()?.Schema is not OpenApiSchemaReference { Reference.Id: { } id }
            || !components.TryGetValue(id, out var page)
            || page.Properties?.TryGetValue("items", out var items) != true
            || items is not OpenApiSchema list)
        {
            return;
        }

        list.MaxItems = int.Parse(maximum, CultureInfo.InvariantCulture);
        if (page.Properties.TryGetValue("nextCursor", out var next) && next is OpenApiSchema cursor)
        {
            cursor.Description = "Pass as `cursor` to get the next page; null on the last page.";
        }
    }

    private static void Defaults(IOpenApiSchema? schema, IDictionary<string, IOpenApiSchema> components, HashSet<IOpenApiSchema> seen, bool input)
    {
        if (schema is not OpenApiSchema s || !seen.Add(s))
        {
            return;
        }

        var type = s.Type ?? 0;
        if (type.HasFlag(JsonSchemaType.String) && s.Enum is not { Count: > 0 } && s.Const is null)
        {
            s.MaxLength ??= s.Format switch
            {
                "uuid" => (int?)36,
                "date" => 10,
                "date-time" => 40,
                _ => null,
            } ?? (s.Pattern is { } pattern ? PatternLength.Of(pattern) : null) ?? (input ? null : TextLimits.FreeText);
        }

        if (type.HasFlag(JsonSchemaType.Integer))
        {
            s.Format ??= "int32";
            s.Minimum ??= "0";
            s.Maximum ??= s.Format == "int64"
                ? long.MaxValue.ToString(CultureInfo.InvariantCulture)
                : int.MaxValue.ToString(CultureInfo.InvariantCulture);
        }

        if (type.HasFlag(JsonSchemaType.Array) && !input)
        {
            s.MaxItems ??= CodeCount(s.Items, components) ?? int.MaxValue;
        }

        foreach (var child in Children(s))
        {
            Defaults(child, components, seen, input);
        }
    }

    /// <summary>How many values an enum schema (inline or referenced) has; a list of codes holds each at most once.</summary>
    private static int? CodeCount(IOpenApiSchema? items, IDictionary<string, IOpenApiSchema> components)
    {
        var target = items is OpenApiSchemaReference { Reference.Id: { } id } && components.TryGetValue(id, out var found) ? found : items;
        return target?.Enum is { Count: > 0 } values ? values.Count : null;
    }
}
