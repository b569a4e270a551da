using System.Linq.Expressions;
using FluentValidation;

namespace CaseCoordination.Application.Common.Validation;

/// <summary>
/// The bounds of a reporting period (<c>from</c> / <c>to</c> of the dashboards and the access-log queries):
/// both ends, when given, lie in [2000-01-01, 2100-01-01) UTC, and <c>to</c> is after <c>from</c>. The
/// product holds no data before 2000, and the bounds keep the date arithmetic of a period (the default
/// 90 days before <c>to</c>, whole UTC days and weeks) far from <see cref="DateTimeOffset.MinValue"/> and
/// <see cref="DateTimeOffset.MaxValue"/>, where it would throw.
/// </summary>
public static class PeriodRules
{
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Adds the period's rules, reporting each end under the query parameter's name.</summary>
    public static void RulesForPeriod<T>(this AbstractValidator<T> validator, Expression<Func<T, DateTimeOffset?>> from, Expression<Func<T, DateTimeOffset?>> to)
    {
        var fromOf = from.Compile();
        validator.RuleFor(from).Must(InBounds).WithMessage(OutOfBounds("from")).OverridePropertyName("from");
        validator.RuleFor(to).Must(InBounds).WithMessage(OutOfBounds("to")).OverridePropertyName("to")
            .Must((x, end) => end is null || fromOf(x) is not { } start || !InBounds(start) || end > start).WithMessage("'to' must be after 'from'.");
    }

    private static bool InBounds(DateTimeOffset? instant) => instant is null || (instant >= Earliest && instant < Latest);

    private static string OutOfBounds(string name) => $"'{name}' must be on or after 2000-01-01 and before 2100-01-01 (UTC).";
}
