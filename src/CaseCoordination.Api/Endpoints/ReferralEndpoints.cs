using CaseCoordination.Api.Infrastructure;
using CaseCoordination.Api.OpenApi;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Referrals;
using CaseCoordination.Application.Referrals.Commands;
using CaseCoordination.Application.Referrals.Queries;
using CaseCoordination.Domain.Referrals;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseCoordination.Api.Endpoints;

/// <summary>A rejection: its reason, optionally an agency to try instead, and whether it is for lack of capacity (<c>noCapacity</c>, counted in the coverage figures).</summary>
public sealed record RejectReferralBody(string? Reason, Guid? SuggestedAgencyId, bool? NoCapacity);

public sealed record CompleteReferralBody(CompletionOutcome? Outcome);

public sealed record FailReferralBody(FailureReason? Reason, string? Details);

public sealed record CancelReferralBody(string? Reason);

public static class ReferralEndpoints
{
    public static RouteGroupBuilder MapReferrals(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/referrals").WithTags("Referrals");

        group.MapGet("/", async Task<Ok<Page<ReferralDto>>> (ISender sender, CancellationToken ct, string? direction, string? status, int? limit, string? cursor) =>
                TypedResults.Ok(await sender.Send(new GetReferrals(
                    QueryValues.Enum<ReferralDirection>(direction, "direction"), QueryValues.Enum<ReferralStatus>(status, "status"), limit, cursor), ct)))
            .Validates<GetReferrals>().QueryCodes<ReferralDirection>("direction").QueryCodes<ReferralStatus>("status")
            .WithName("ListReferrals").WithSummary("The agency's inbox (direction=incoming) and outbox (direction=outgoing) (caseworker).");

        group.MapGet("/{id:guid}", async Task<Ok<ReferralDto>> (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var referral = await sender.Send(new GetReferral(id), ct);
                return TypedResults.Ok(http.WithETag(referral, referral.Version));
            })
            .WithName("GetReferral").WithSummary("One referral, with its deadlines and open signals (caseworker of either agency).");

        MapAct(group, "receive", "The receiving agency has seen the referral.", (id, ifMatch, _) => new ReceiveReferral(id, ifMatch));
        MapAct(group, "accept", "The receiving agency takes the referral on.", (id, ifMatch, _) => new AcceptReferral(id, ifMatch));
        MapAct(group, "start", "The receiving agency records its first contact with the person.", (id, ifMatch, _) => new StartReferral(id, ifMatch));

        group.MapPost("/{id:guid}/reject", (Guid id, RejectReferralBody body, ISender sender, HttpContext http, CancellationToken ct) =>
                Answer(sender, http, new RejectReferral(id, body.Reason, body.SuggestedAgencyId, ETags.IfMatch(http.Request), body.NoCapacity), ct))
            .Validates<RejectReferral>().HonoursIfMatch()
            .WithName("RejectReferral").WithSummary("The receiving agency declines, with a reason and optionally a suggested agency.");

        group.MapPost("/{id:guid}/complete", (Guid id, CompleteReferralBody body, ISender sender, HttpContext http, CancellationToken ct) =>
                Answer(sender, http, new CompleteReferral(id, body.Outcome, ETags.IfMatch(http.Request)), ct))
            .Validates<CompleteReferral>().HonoursIfMatch()
            .WithName("CompleteReferral").WithSummary("The receiving agency completes the referral with an outcome.");

        group.MapPost("/{id:guid}/fail", (Guid id, FailReferralBody body, ISender sender, HttpContext http, CancellationToken ct) =>
                Answer(sender, http, new FailReferral(id, body.Reason, body.Details, ETags.IfMatch(http.Request)), ct))
            .Validates<FailReferral>().HonoursIfMatch()
            .WithName("FailReferral").WithSummary("The receiving agency could not carry the referral through, with a reason.");

        group.MapPost("/{id:guid}/cancel", (Guid id, CancelReferralBody? body, ISender sender, HttpContext http, CancellationToken ct) =>
                Answer(sender, http, new CancelReferral(id, body?.Reason, ETags.IfMatch(http.Request)), ct))
            .Validates<CancelReferral>().HonoursIfMatch()
            .WithName("CancelReferral").WithSummary("The sending agency withdraws the referral.");

        return api;
    }

    private static void MapAct(RouteGroupBuilder group, string act, string summary, Func<Guid, int?, HttpContext, ICommand<ReferralDto>> command) =>
        group.MapPost("/{id:guid}/" + act, (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
                Answer(sender, http, command(id, ETags.IfMatch(http.Request), http), ct))
            .HonoursIfMatch()
            .WithName(char.ToUpperInvariant(act[0]) + act[1..] + "Referral").WithSummary(summary);

    private static async Task<Ok<ReferralDto>> Answer(ISender sender, HttpContext http, ICommand<ReferralDto> command, CancellationToken ct)
    {
        var referral = await sender.Send(command, ct);
        return TypedResults.Ok(http.WithETag(referral, referral.Version));
    }
}
