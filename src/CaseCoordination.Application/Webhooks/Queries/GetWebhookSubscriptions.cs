using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Webhooks.Queries;

/// <summary>The caller's agency's subscriptions, oldest first, each with its health figure, paged by cursor like every list.</summary>
[Authorize(Role.Caseworker)]
public sealed record GetWebhookSubscriptions(int? Limit, string? Cursor) : IQuery<Page<WebhookSubscriptionDto>>, IAccessLogged, IPageQuery
{
    string IAccessLogged.AccessAction => "webhook-subscription.list";
    string IAccessLogged.AccessResourceType => "webhook-subscription";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class GetWebhookSubscriptionsValidator : AbstractValidator<GetWebhookSubscriptions>
{
    public GetWebhookSubscriptionsValidator() => this.AddPageRules();
}

public sealed class GetWebhookSubscriptionsHandler(IApplicationDbContext db, ICurrentUser user)
    : IQueryHandler<GetWebhookSubscriptions, Page<WebhookSubscriptionDto>>
{
    public async ValueTask<Page<WebhookSubscriptionDto>> Handle(GetWebhookSubscriptions query, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        var limit = query.Limit ?? Common.Paging.Cursor.DefaultLimit;
        var subscriptions = db.WebhookSubscriptions.AsNoTracking().Where(s => s.AgencyId == agencyId);
        if (Common.Paging.Cursor.Decode(query.Cursor) is { } after)
        {
            subscriptions = subscriptions.Where(s => s.CreatedAt > after.At || (s.CreatedAt == after.At && s.Id.CompareTo(after.Id) > 0));
        }

        var fetched = await subscriptions.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = Common.Paging.Cursor.ToPage(fetched, limit, s => new Common.Paging.Cursor(s.CreatedAt, s.Id));
        return new Page<WebhookSubscriptionDto>(await WebhookReads.DtosAsync(db, page.Items, cancellationToken), page.NextCursor);
    }
}

/// <summary>One of the caller's agency's subscriptions.</summary>
[Authorize(Role.Caseworker)]
public sealed record GetWebhookSubscription(Guid Id) : IQuery<WebhookSubscriptionDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => "webhook-subscription.read";
    string IAccessLogged.AccessResourceType => "webhook-subscription";
    Guid? IAccessLogged.AccessResourceId => Id;
}

public sealed class GetWebhookSubscriptionHandler(IApplicationDbContext db, ICurrentUser user) : IQueryHandler<GetWebhookSubscription, WebhookSubscriptionDto>
{
    public async ValueTask<WebhookSubscriptionDto> Handle(GetWebhookSubscription query, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        var subscription = await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == query.Id && s.AgencyId == agencyId, cancellationToken)
            ?? throw new NotFoundException("webhook subscription");
        return (await WebhookReads.DtosAsync(db, [subscription], cancellationToken))[0];
    }
}

/// <summary>A subscription's deliveries, newest first (<paramref name="Status"/>: pending, delivered or parked), paged by cursor.</summary>
[Authorize(Role.Caseworker)]
public sealed record GetWebhookDeliveries(Guid SubscriptionId, WebhookDeliveryStatus? Status, int? Limit, string? Cursor) : IQuery<Page<WebhookDeliveryDto>>, IAccessLogged, IPageQuery
{
    string IAccessLogged.AccessAction => "webhook-delivery.list";
    string IAccessLogged.AccessResourceType => "webhook-subscription";
    Guid? IAccessLogged.AccessResourceId => SubscriptionId;
}

public sealed class GetWebhookDeliveriesHandler(IApplicationDbContext db, ICurrentUser user) : IQueryHandler<GetWebhookDeliveries, Page<WebhookDeliveryDto>>
{
    public async ValueTask<Page<WebhookDeliveryDto>> Handle(GetWebhookDeliveries query, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == query.SubscriptionId && s.AgencyId == agencyId, cancellationToken))
        {
            throw new NotFoundException("webhook subscription");
        }

        var limit = query.Limit ?? Common.Paging.Cursor.DefaultLimit;
        var after = Common.Paging.Cursor.Decode(query.Cursor);
        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == query.SubscriptionId);
        if (query.Status is { } status)
        {
            deliveries = deliveries.Where(d => d.Status == status);
        }

        if (after is { } c)
        {
            deliveries = deliveries.Where(d => d.CreatedAt < c.At || (d.CreatedAt == c.At && d.Id.CompareTo(c.Id) < 0));
        }

        var page = await deliveries.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var next = page.Count > limit ? new Common.Paging.Cursor(page[limit - 1].CreatedAt, page[limit - 1].Id).Encode() : null;
        return new Page<WebhookDeliveryDto>(page.Take(limit).Select(WebhookDeliveryDto.From).ToList(), next);
    }
}

public sealed class GetWebhookDeliveriesValidator : AbstractValidator<GetWebhookDeliveries>
{
    public GetWebhookDeliveriesValidator() => this.AddPageRules();
}
