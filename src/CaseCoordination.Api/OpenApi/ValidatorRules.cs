using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using CaseCoordination.Application.Common.Validation;
using FluentValidation;
using FluentValidation.Validators;

namespace CaseCoordination.Api.OpenApi;

/// <summary>What a validator says about one field (a path such as <c>person.name</c>, relative to the request record).</summary>
public sealed class FieldRule
{
    public required IReadOnlyList<string> Path { get; init; }

    /// <summary>The rule is on each element of a collection (<c>RuleForEach</c>).</summary>
    public bool OnItems { get; init; }

    public bool Required { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    /// <summary>The most items a list may hold (<see cref="IMaxItemsValidator"/>).</summary>
    public int? MaxItems { get; set; }

    public string? Pattern { get; set; }

    public string? Minimum { get; set; }

    public string? Maximum { get; set; }
}

/// <summary>
/// Reads the FluentValidation validators registered in Application, so that the OpenAPI document states
/// the bounds they enforce (one place: the validator). Lengths, ranges and patterns come from the rules'
/// property validators, list sizes and fixed codes from ours (<see cref="IMaxItemsValidator"/>,
/// <see cref="IOneOfValidator"/>; ADR 0031); <c>required</c> comes from running the validator on an empty
/// request (nested objects present, every field unset) and seeing which fields <c>NotNull</c>/<c>NotEmpty</c>
/// refuse, so that a rule that only applies under a condition (<c>When</c>) is not declared required.
/// </summary>
public sealed class ValidatorRules(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<Type, IReadOnlyList<FieldRule>> _cache = new();

    public IReadOnlyList<FieldRule> For(Type request) => _cache.GetOrAdd(request, Read);

    private IReadOnlyList<FieldRule> Read(Type request)
    {
        using var scope = scopes.CreateScope();
        if (scope.ServiceProvider.GetService(typeof(IValidator<>).MakeGenericType(request)) is not IValidator validator)
        {
            return [];
        }

        var rules = new Dictionary<(string, bool), FieldRule>();
        FieldRule Field(string propertyName, bool onItems)
        {
            var key = (propertyName.ToUpperInvariant(), onItems);
            if (!rules.TryGetValue(key, out var field))
            {
                field = new FieldRule { Path = propertyName.Split('.'), OnItems = onItems };
                rules[key] = field;
            }

            return field;
        }

        foreach (var rule in validator.CreateDescriptor().Rules)
        {
            if (string.IsNullOrEmpty(rule.PropertyName))
            {
                continue;
            }

            var onItems = rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
            foreach (var component in rule.Components)
            {
                var field = Field(rule.PropertyName, onItems);
                switch (component.Validator)
                {
                    case ILengthValidator length:
                        field.MinLength = length.Min > 0 ? length.Min : field.MinLength;
                        field.MaxLength = length.Max > 0 ? length.Max : field.MaxLength;
                        break;
                    case IMaxItemsValidator items:
                        field.MaxItems = items.MaxItems;
                        break;
                    case IOneOfValidator oneOf:
                        field.MaxLength = oneOf.Values.Max(v => v.Length);
                        break;
                    case IBetweenValidator between:
                        field.Minimum = Convert.ToString(between.From, CultureInfo.InvariantCulture);
                        field.Maximum = Convert.ToString(between.To, CultureInfo.InvariantCulture);
                        break;
                    case IRegularExpressionValidator regex:
                        field.Pattern = regex.Expression;
                        break;
                    case INotEmptyValidator when !onItems:
                        field.MinLength ??= 1;
                        break;
                }
            }
        }

        foreach (var name in RequiredFields(validator, request))
        {
            Field(name, onItems: false).Required = true;
        }

        return [.. rules.Values];
    }

    /// <summary>The fields an empty request is refused for by <c>NotNull</c> or <c>NotEmpty</c>.</summary>
    private static IEnumerable<string> RequiredFields(IValidator validator, Type request)
    {
        // Once with nested objects absent (is the object itself required?), once with them present (which
        // of their fields are?). A validator that reaches into a nested object without a null check (the
        // audit filter) cannot run the first probe; the second still tells its fields.
        var errors = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var nested in new[] { false, true })
        {
            try
            {
                errors.AddRange(validator.Validate(new ValidationContext<object>(Probe(request, nested, depth: 0))).Errors);
            }
            catch (Exception e) when (e is NullReferenceException or AsyncValidatorInvokedSynchronouslyException)
            {
            }
        }

        return errors
            .Where(e => e.ErrorCode is "NotNullValidator" or "NotEmptyValidator" && !e.PropertyName.Contains('[', StringComparison.Ordinal))
            .Select(e => e.PropertyName)
            .Distinct(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>An instance with every field unset, except (when <paramref name="nested"/>) nested objects, which are present and themselves empty.</summary>
    private static object Probe(Type type, bool nested, int depth)
    {
        var probe = RuntimeHelpers.GetUninitializedObject(type);
        if (!nested || depth > 3)
        {
            return probe;
        }

        foreach (var property in type.GetProperties())
        {
            var t = property.PropertyType;
            if (property.SetMethod is not null && property.GetIndexParameters().Length == 0 && t.IsClass && t != typeof(string)
                && !typeof(System.Collections.IEnumerable).IsAssignableFrom(t) && !t.IsAbstract && t.Namespace?.StartsWith("CaseCoordination", StringComparison.Ordinal) == true)
            {
                property.SetValue(probe, Probe(t, nested, depth + 1));
            }
        }

        return probe;
    }
}
