using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;

namespace CaseCoordination.Api.OpenApi;

/// <summary>
/// The one problem document (RFC 9457) of every error answer, as <c>ProblemDetailsExceptionHandler</c>,
/// the idempotency layer, the rate limiter and the framework's challenge write it. Used only to describe
/// the answer in the OpenAPI document (schema id <c>Problem</c>); never serialized.
/// </summary>
[Description("An RFC 9457 problem document. Branch on `code` (also the last part of `type`).")]
public sealed record Problem(
    [property: Required, Description("`urn:case-coordination:problem:` followed by `code`.")] string Type,
    [property: Required, Description("A short summary of the kind of problem.")] string Title,
    [property: Required, Range(400, 599), Description("The HTTP status code.")] int Status,
    [property: Description("What went wrong, for a person; never personal data.")] string? Detail,
    [property: Description("The request path, where the framework adds it.")] string? Instance,
    [property: Required, Description("A stable kebab-case code to branch on, e.g. `validation-failed`, `not-found`, `illegal-transition`, `precondition-failed`.")] string Code,
    [property: Required, Description("The request's trace identifier, to quote to operators.")] string TraceId,
    [property: Description("`validation-failed` only: the messages per field (camelCase, `person.name`, `needs[0]`) or query parameter.")] IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors,
    [property: Description("`illegal-transition` only: the acts the referral allows in its current state.")] IReadOnlyList<ReferralAct>? AllowedTransitions,
    [property: Description("`categories-not-covered` only: the shared categories no consent or basis covers.")] IReadOnlyList<DataCategory>? UncoveredCategories,
    [property: Description("`malformed-request` only: the JSON path of the value that could not be read.")] string? Path);
