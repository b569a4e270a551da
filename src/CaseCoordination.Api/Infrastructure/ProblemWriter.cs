using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace CaseCoordination.Api.Infrastructure;

/// <summary>
/// The one writer of problem documents, registered as the only <see cref="IProblemDetailsWriter"/>: the
/// exception handler, the status code pages, the rate limiter, the idempotency layer and (should it ever
/// be reached) the developer exception page all write through it. It writes
/// <c>application/problem+json</c> whatever the request's <c>Accept</c> says — an error is never turned
/// into a 500 or an empty body because the client asked for HTML or XML (the framework's own writer
/// declines then). It completes every problem the same way: the product's <c>type</c> and <c>code</c>
/// for the statuses the framework answers by itself (401, an unknown route's 404, 405, 413, …), a
/// <c>traceId</c>, and never the exception.
/// </summary>
public sealed class ProblemWriter : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    /// <summary>Codes for problems that carry none: the framework's own refusals (status code pages).</summary>
    private static readonly Dictionary<int, (string Code, string Title, string Detail)> FrameworkProblems = new()
    {
        [StatusCodes.Status400BadRequest] = ("malformed-request", "The request is not valid", "The request could not be read."),
        [StatusCodes.Status401Unauthorized] = ("unauthenticated", "Unauthenticated", "A valid bearer token is required: none was sent, or it is not valid or has expired."),
        [StatusCodes.Status404NotFound] = ("not-found", "Not found", "There is no resource at this address."),
        [StatusCodes.Status405MethodNotAllowed] = ("method-not-allowed", "Method not allowed", "This address does not take this HTTP method."),
        [StatusCodes.Status413PayloadTooLarge] = ("payload-too-large", "The request is not valid", "The request body is too large."),
        [StatusCodes.Status415UnsupportedMediaType] = ("unsupported-media-type", "Unsupported media type", "The request body must be application/json."),
        [StatusCodes.Status500InternalServerError] = ("internal-error", "Internal error", "An unexpected error occurred. It has been logged."),
    };

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        var status = problem.Status.Value;
        if (!problem.Extensions.ContainsKey("code"))
        {
            // A problem the product did not raise itself: give it the product's stable type and code.
            var phrase = ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } p ? p : "Error";
            var (code, title, detail) = FrameworkProblems.TryGetValue(status, out var known)
                ? known
                : (phrase.ToLowerInvariant().Replace(' ', '-'), phrase, phrase + ".");
            problem.Type = ProblemDetailsExceptionHandler.TypePrefix + code;
            problem.Title = title;
            problem.Detail = detail;
            problem.Extensions["code"] = code;
        }

        // The developer exception page adds the exception (type, stack, headers): never sent to a client.
        problem.Extensions.Remove("exception");
        problem.Extensions["traceId"] = http.TraceIdentifier;
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, ContentType, http.RequestAborted));
    }

    /// <summary>
    /// Sets the response's status (and <c>Retry-After: 1</c> for a 503 that names no other) and writes the
    /// problem: how the middlewares and the exception handler answer with a problem.
    /// </summary>
    public static ValueTask WriteAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable && !context.Response.Headers.ContainsKey("Retry-After"))
        {
            context.Response.Headers.RetryAfter = "1";
        }

        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
