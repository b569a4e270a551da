using System.Text.Json.Nodes;
using CaseCoordination.Application.Cases;
using CaseCoordination.Application.Dashboards;
using CaseCoordination.Application.Referrals;
using CaseCoordination.Application.Signals;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CaseCoordination.Api.OpenApi;

/// <summary>
/// Fields that are strings in C# but hold codes get their values as an enum, from the one source in code:
/// signals from <see cref="SignalCodes.All"/>, allowed actions from <see cref="ReferralAct"/>. And
/// <see cref="TimeSpan"/> (<c>overdueBy</c>) is declared as the text .NET writes, with its pattern.
/// </summary>
public sealed class CodeValuesSchemaFilter : ISchemaFilter
{
    /// <summary>.NET's constant time-span format <c>[-][d.]hh:mm:ss[.fffffff]</c>, as System.Text.Json writes it.</summary>
    public const string TimeSpanPattern = "^-?([0-9]+\\.)?[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{7})?$";

    private static readonly Dictionary<(Type, string), IReadOnlyList<string>> CodeFields = new()
    {
        [(typeof(CaseDto), "signals")] = SignalCodes.All,
        [(typeof(ReferralDto), "signals")] = SignalCodes.All,
        [(typeof(ReferralDto), "allowedActions")] = [.. Enum.GetValues<ReferralAct>().Select(ReferralLifecycle.Code)],
        [(typeof(FollowUpItem), "signal")] = SignalCodes.All,
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema s)
        {
            return;
        }

        if (context.Type == typeof(TimeSpan))
        {
            s.Type = JsonSchemaType.String;
            s.Format = null;
            s.Pattern = TimeSpanPattern;
            s.MaxLength = 26;
            s.Description = "A .NET time span `[-][d.]hh:mm:ss[.fffffff]` (days, then hours, minutes, seconds and ten-millionths), e.g. `178.07:13:34.3928406`; not ISO 8601.";
            return;
        }

        if (context.Type == typeof(Dashboard) && s.Properties?.TryGetValue("openSignals", out var open) == true && open is OpenApiSchema map)
        {
            map.MaxProperties = SignalCodes.All.Count;
            map.Description = "Open signals per signal code (" + string.Join(", ", SignalCodes.All) + ").";
        }

        foreach (var ((type, name), codes) in CodeFields)
        {
            if (context.Type != type || s.Properties?.TryGetValue(name, out var property) != true || property is not OpenApiSchema field)
            {
                continue;
            }

            var target = field.Type?.HasFlag(JsonSchemaType.Array) == true ? field.Items as OpenApiSchema : field;
            if (target is not null)
            {
                target.Enum = [.. codes.Select(c => (JsonNode)JsonValue.Create(c))];
            }
        }
    }
}
