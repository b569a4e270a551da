using System.Text.Json;
using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Api.OpenApi;
using CaseCoordination.Application.Audit;
using CaseCoordination.Application.Audit.Commands;
using CaseCoordination.Application.Audit.Queries;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Application.Common.Paging;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Api.Endpoints;

public sealed record MarkReviewedBody(string? Note);

public static class AuditEndpoints
{
    /// <summary>The values of <c>status</c> on the list of legal-basis reviews.</summary>
    private static readonly string[] ReviewStatuses = ["pending", "reviewed"];

    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit");

        group.MapGet("/entries", async Task<Ok<AccessLogPage>> (
                ISender sender, CancellationToken ct, Guid? caseId, Guid? subjectId, Guid? agencyId, string? userId, string? action, string? outcome,
                DateTimeOffset? from, DateTimeOffset? to, int? limit, string? cursor) =>
                TypedResults.Ok(await sender.Send(new GetAccessLogEntries(
                    new AccessLogFilter(caseId, subjectId, agencyId, userId, action, QueryValues.Enum<AccessOutcome>(outcome, "outcome"), from, to), limit, cursor), ct)))
            .Validates<GetAccessLogEntries>().QueryCodes<AccessOutcome>("outcome")
            .WithName("ListAccessLogEntries").WithSummary("The access log of the auditor's region, newest first (auditor).");

        group.MapGet("/entries/export", async (
                HttpContext http, ISender sender, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct,
                Guid? caseId, Guid? subjectId, Guid? agencyId, string? userId, string? action, string? outcome, DateTimeOffset? from, DateTimeOffset? to) =>
            {
                var entries = await sender.Send(new ExportAccessLog(
                    new AccessLogFilter(caseId, subjectId, agencyId, userId, action, QueryValues.Enum<AccessOutcome>(outcome, "outcome"), from, to)), ct);
                http.Response.ContentType = "application/x-ndjson";
                var options = json.Value.SerializerOptions;
                await foreach (var entry in entries.WithCancellation(ct))
                {
                    await JsonSerializer.SerializeAsync(http.Response.Body, entry, options, ct);
                    await http.Response.Body.WriteAsync("\n"u8.ToArray(), ct);
                }
            })
            .Produces<AccessLogEntryDto>(StatusCodes.Status200OK, "application/x-ndjson")
            .Validates<ExportAccessLog>().QueryCodes<AccessOutcome>("outcome")
            .WithName("ExportAccessLogEntries").WithSummary("The same query as NDJSON, streamed (auditor).");

        group.MapGet("/subjects/{subjectId:guid}/access-report", async Task<Ok<AccessReport>> (Guid subjectId, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetAccessReport(subjectId), ct)))
            .WithName("GetAccessReport").WithSummary("Who read or changed this person's data, when, on which basis; refused attempts apart (auditor).");

        group.MapGet("/verify", async Task<Ok<VerifyResult>> (ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new VerifyAccessLog(), ct)))
            .WithName("VerifyAccessLog").WithSummary("Recompute the hash chain against the kept digests; name the first entry that breaks it (auditor).");

        group.MapGet("/digest", async Task<Ok<AccessLogDigest>> (ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetAccessLogDigest(), ct)))
            .WithName("GetAccessLogDigest").WithSummary("The current head of the chain, to keep outside the system (auditor).");

        group.MapGet("/reviews", async Task<Ok<Page<LegalBasisReviewDto>>> (ISender sender, CancellationToken ct, string? status) =>
            {
                if (status is not null && !ReviewStatuses.Contains(status))
                {
                    throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("status", "'status' must be 'pending' or 'reviewed'.")]);
                }

                return TypedResults.Ok(new Page<LegalBasisReviewDto>(await sender.Send(new GetLegalBasisReviews(status == "reviewed"), ct), null));
            })
            .QueryCodes("status", ReviewStatuses)
            .WithName("ListLegalBasisReviews").WithSummary("Uses of a legal basis other than consent, pending review by default (auditor).");

        group.MapPost("/reviews/{id:guid}/reviewed", async Task<Ok<LegalBasisReviewDto>> (Guid id, MarkReviewedBody? body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new MarkLegalBasisReviewed(id, body?.Note), ct)))
            .Validates<MarkLegalBasisReviewed>()
            .WithName("MarkLegalBasisReviewed").WithSummary("Mark a use of a legal basis reviewed (auditor).");

        return api;
    }
}
