using System.Text.Json;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CaseCoordination.Api.Infrastructure;

/// <summary>
/// The one place where exceptions become RFC 9457 problem details, each kind with a stable
/// <c>type</c>. Messages are written for clients and never carry a stack trace, SQL or personal data.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public const string TypePrefix = "urn:case-coordination:problem:";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception);
        if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            // The exception goes to the application log for operators (type and stack only: messages
            // of data-layer exceptions can quote values).
            logger.LogError("Unhandled {ExceptionType} at {StackTrace}", exception.GetType().FullName, exception.StackTrace);
        }

        // ProblemWriter writes whatever the Accept header says, so the exception is always handled here
        // (the framework's writer declined under Accept: text/html, and the middleware then answered 500).
        await ProblemWriter.WriteAsync(httpContext, problem);
        return true;
    }

    public static ProblemDetails Map(Exception exception) => exception switch
    {
        ValidationException v => Validation(v),
        BadHttpRequestException b => BadRequest(b),
        RefusalException r => Refused(r),
        DatabaseBusyException or System.Data.Common.DbException or TimeoutException or Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException =>
            Problem(503, "database-unavailable", "Service unavailable", "The database does not answer; try again later."),
        _ => Problem(500, "internal-error", "Internal error", "An unexpected error occurred. It has been logged."),
    };

    /// <summary>
    /// The one table from a refusal's kind to its HTTP status and title (ADR 0024). Code, detail and
    /// extensions come from the refusal itself.
    /// </summary>
    public static (int Status, string Title) StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound => (404, "Not found"),
        RefusalKind.Forbidden => (403, "Forbidden"),
        RefusalKind.Conflict => (409, "Conflict"),
        RefusalKind.PreconditionFailed => (412, "Precondition failed"),
        RefusalKind.PreconditionRequired => (428, "Precondition required"),
        RefusalKind.Unprocessable => (422, "Unprocessable request"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A refusal kind without a status."),
    };

    public static ProblemDetails Problem(int status, string code, string title, string detail) => new()
    {
        Status = status,
        Type = TypePrefix + code,
        Title = title,
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    private static ProblemDetails Refused(RefusalException refusal)
    {
        var (status, title) = StatusOf(refusal.Kind);
        var problem = Problem(status, refusal.Code, title, refusal.Message);
        foreach (var (key, value) in refusal.Extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    private static ValidationProblemDetails Validation(ValidationException v)
    {
        var errors = v.Errors
            .GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName.Split('[')[0]) + (e.PropertyName.Contains('[', StringComparison.Ordinal) ? e.PropertyName[e.PropertyName.IndexOf('[', StringComparison.Ordinal)..] : string.Empty))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        var problem = new ValidationProblemDetails(errors)
        {
            Status = 400,
            Type = TypePrefix + "validation-failed",
            Title = "The request is not valid",
            Detail = "One or more fields are missing or not valid; see 'errors'.",
        };
        problem.Extensions["code"] = "validation-failed";
        return problem;
    }

    /// <summary>A body that is not JSON, or a value of the wrong type or an unknown enum value. Only the JSON path is told.</summary>
    private static ProblemDetails BadRequest(BadHttpRequestException b)
    {
        var json = b.InnerException as JsonException;
        var path = json?.Path;
        var detail = b.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? "The request body is too large."
            : json is null
                ? "The request could not be read."
                : path is null or "$"
                    ? "The request body is not valid JSON."
                    : $"The value at '{path}' is missing, of the wrong type, or not one of the allowed values.";
        var problem = Problem(b.StatusCode == 413 ? 413 : 400, b.StatusCode == 413 ? "payload-too-large" : "malformed-request", "The request is not valid", detail);
        if (path is not null)
        {
            problem.Extensions["path"] = path;
        }

        return problem;
    }
}
