using FluentValidation;
using FluentValidation.Validators;

namespace CaseCoordination.Application.Common.Validation;

/// <summary>
/// A rule on the size of a list that can be read back (the OpenAPI document declares it as
/// <c>maxItems</c>, ADR 0031). FluentValidation has no collection-size validator, and a <c>Must</c>
/// cannot be read.
/// </summary>
public interface IMaxItemsValidator
{
    int MaxItems { get; }
}

/// <summary>Refuses a list of more than <see cref="MaxItems"/> items; no list is fine.</summary>
public sealed class MaxItemsValidator<T, TElement>(int maxItems) : PropertyValidator<T, IReadOnlyList<TElement>?>, IMaxItemsValidator
{
    public int MaxItems { get; } = maxItems;

    public override string Name => "MaxItemsValidator";

    public override bool IsValid(ValidationContext<T> context, IReadOnlyList<TElement>? value)
    {
        if (value is null || value.Count <= MaxItems)
        {
            return true;
        }

        context.MessageFormatter.AppendArgument("MaxItems", MaxItems);
        return false;
    }

    protected override string GetDefaultMessageTemplate(string errorCode) => "'{PropertyName}' must hold at most {MaxItems} items.";
}

/// <summary>A rule that a code is one of a fixed list that can be read back (the document bounds it by the longest code, ADR 0031).</summary>
public interface IOneOfValidator
{
    IReadOnlyList<string> Values { get; }
}

/// <summary>Refuses a text that is not one of <see cref="Values"/> (ordinal), and a null one.</summary>
public sealed class OneOfValidator<T>(IReadOnlyList<string> values) : PropertyValidator<T, string>, IOneOfValidator
{
    public IReadOnlyList<string> Values { get; } = values;

    public override string Name => "OneOfValidator";

    public override bool IsValid(ValidationContext<T> context, string value)
    {
        if (value is not null && Values.Contains(value, StringComparer.Ordinal))
        {
            return true;
        }

        context.MessageFormatter.AppendArgument("Values", string.Join(", ", Values));
        return false;
    }

    protected override string GetDefaultMessageTemplate(string errorCode) => "'{PropertyName}' must be one of: {Values}.";
}

public static class CollectionRules
{
    /// <summary>The list holds at most <paramref name="maxItems"/> items.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<TElement>?> MaxItems<T, TElement>(this IRuleBuilder<T, IReadOnlyList<TElement>?> rule, int maxItems) =>
        rule.SetValidator(new MaxItemsValidator<T, TElement>(maxItems));

    /// <summary>A list of codes holds at most one item per code (more can only repeat one).</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<TEnum>?> AtMostOnePerCode<T, TEnum>(this IRuleBuilder<T, IReadOnlyList<TEnum>?> rule)
        where TEnum : struct, Enum =>
        rule.MaxItems(Enum.GetValues<TEnum>().Length);

    /// <summary>The text is one of <paramref name="values"/>.</summary>
    public static IRuleBuilderOptions<T, string> OneOf<T>(this IRuleBuilder<T, string> rule, IReadOnlyList<string> values) =>
        rule.SetValidator(new OneOfValidator<T>(values));
}
