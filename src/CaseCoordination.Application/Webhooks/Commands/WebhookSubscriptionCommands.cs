using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Exceptions;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Common.Validation;
using CaseCoordination.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseCoordination.Application.Webhooks.Commands;

// Who may: a caseworker token of the agency (the agency's caseworker system holds one, with its
// agency_id), for its own agency's subscriptions only; another agency's subscription is a 404 (ADR 0028).

/// <summary>Subscribes the caller's agency's system: a callback URL and the events it wants. The answer carries the secret, once.</summary>
[Authorize(Role.Caseworker)]
public sealed record CreateWebhookSubscription(string? Url, IReadOnlyList<string>? Events) : ICommand<WebhookSecretDto>, IAccessLogged
{
    public const int MaxUrlLength = 2000;

    string IAccessLogged.AccessAction => "webhook-subscription.create";
    string IAccessLogged.AccessResourceType => "webhook-subscription";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class CreateWebhookSubscriptionValidator : AbstractValidator<CreateWebhookSubscription>
{
    public CreateWebhookSubscriptionValidator()
    {
        RuleFor(c => c.Url).NotEmpty().MaximumLength(CreateWebhookSubscription.MaxUrlLength)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                && string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Fragment))
            .WithMessage("url must be an absolute https URL without user information or fragment.");
        RuleFor(c => c.Events).NotEmpty().MaxItems(WebhookEvents.All.Count);
        RuleForEach(c => c.Events).OneOf(WebhookEvents.All).WithMessage($"Each event must be one of: {string.Join(", ", WebhookEvents.All)}.");
    }
}

public sealed class CreateWebhookSubscriptionHandler(
    IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record, ICallbackUrlPolicy policy, IOptions<WebhookOptions> options)
    : ICommandHandler<CreateWebhookSubscription, WebhookSecretDto>
{
    public async ValueTask<WebhookSecretDto> Handle(CreateWebhookSubscription command, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        var url = new Uri(command.Url!, UriKind.Absolute);
        if (await policy.RefusalAsync(url, cancellationToken) is { } reason)
        {
            throw new UnprocessableException(
                "callback-url-refused", "The callback URL may not be called: it must be https and resolve to public addresses only (or be allow-listed by the operator).",
                new Dictionary<string, object?> { ["reason"] = reason });
        }

        if (await db.WebhookSubscriptions.CountAsync(s => s.AgencyId == agencyId, cancellationToken) >= options.Value.MaxSubscriptionsPerAgency)
        {
            throw new UnprocessableException("subscription-limit", $"An agency may hold at most {options.Value.MaxSubscriptionsPerAgency} subscriptions; delete one first.");
        }

        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(), AgencyId = agencyId, Url = url.AbsoluteUri, Events = WebhookSubscription.EventsOf(command.Events!),
            Secret = WebhookSubscription.NewSecret(), CreatedAt = clock.GetUtcNow(), CreatedByUserId = user.UserId, Version = 1,
        };
        db.WebhookSubscriptions.Add(subscription);
        record.Touch("webhook-subscription", subscription.Id, null, null, AccessBasis.Administration);
        return new WebhookSecretDto(subscription.Id, subscription.Url, subscription.EventList, false, subscription.Secret, subscription.Version);
    }
}

/// <summary>Deletes a subscription and its deliveries, delivered or not.</summary>
[Authorize(Role.Caseworker)]
public sealed record DeleteWebhookSubscription(Guid Id) : ICommand<Unit>, IAccessLogged
{
    string IAccessLogged.AccessAction => "webhook-subscription.delete";
    string IAccessLogged.AccessResourceType => "webhook-subscription";
    Guid? IAccessLogged.AccessResourceId => Id;
}

public sealed class DeleteWebhookSubscriptionHandler(IApplicationDbContext db, ICurrentUser user, AccessRecord record) : ICommandHandler<DeleteWebhookSubscription, Unit>
{
    public async ValueTask<Unit> Handle(DeleteWebhookSubscription command, CancellationToken cancellationToken)
    {
        var subscription = await OwnSubscription.FindAsync(db, user, command.Id, cancellationToken);
        db.WebhookDeliveries.RemoveRange(await db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription.Id).ToListAsync(cancellationToken));
        db.WebhookSubscriptions.Remove(subscription);
        record.Touch("webhook-subscription", subscription.Id, null, null, AccessBasis.Administration);
        return Unit.Value;
    }
}

/// <summary>Pauses or resumes a subscription. While paused its deliveries wait (nothing is dropped); resumed, they go out.</summary>
[Authorize(Role.Caseworker)]
public sealed record SetWebhookSubscriptionPaused(Guid Id, bool Paused) : ICommand<WebhookSubscriptionDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => Paused ? "webhook-subscription.pause" : "webhook-subscription.resume";
    string IAccessLogged.AccessResourceType => "webhook-subscription";
    Guid? IAccessLogged.AccessResourceId => Id;
}

public sealed class SetWebhookSubscriptionPausedHandler(IApplicationDbContext db, ICurrentUser user, AccessRecord record)
    : ICommandHandler<SetWebhookSubscriptionPaused, WebhookSubscriptionDto>
{
    public async ValueTask<WebhookSubscriptionDto> Handle(SetWebhookSubscriptionPaused command, CancellationToken cancellationToken)
    {
        var subscription = await OwnSubscription.FindAsync(db, user, command.Id, cancellationToken);
        if (subscription.Paused != command.Paused)
        {
            subscription.Paused = command.Paused;
            subscription.Version++;
        }

        record.Touch("webhook-subscription", subscription.Id, null, null, AccessBasis.Administration);
        return (await WebhookReads.DtosAsync(db, [subscription], cancellationToken))[0];
    }
}

/// <summary>Replaces the signing secret at once; the answer carries the new one, once. Deliveries not yet sent are signed with it.</summary>
[Authorize(Role.Caseworker)]
public sealed record RotateWebhookSecret(Guid Id) : ICommand<WebhookSecretDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => "webhook-subscription.rotate-secret";
    string IAccessLogged.AccessResourceType => "webhook-subscription";
    Guid? IAccessLogged.AccessResourceId => Id;
}

public sealed class RotateWebhookSecretHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : ICommandHandler<RotateWebhookSecret, WebhookSecretDto>
{
    public async ValueTask<WebhookSecretDto> Handle(RotateWebhookSecret command, CancellationToken cancellationToken)
    {
        var subscription = await OwnSubscription.FindAsync(db, user, command.Id, cancellationToken);
        subscription.Secret = WebhookSubscription.NewSecret();
        subscription.SecretRotatedAt = clock.GetUtcNow();
        subscription.Version++;
        record.Touch("webhook-subscription", subscription.Id, null, null, AccessBasis.Administration);
        return new WebhookSecretDto(subscription.Id, subscription.Url, subscription.EventList, subscription.Paused, subscription.Secret, subscription.Version);
    }
}

/// <summary>Sends a parked (or delivered) delivery again, with the same id, from its first attempt.</summary>
[Authorize(Role.Caseworker)]
public sealed record RedeliverWebhookDelivery(Guid SubscriptionId, Guid DeliveryId) : ICommand<WebhookDeliveryDto>, IAccessLogged
{
    string IAccessLogged.AccessAction => "webhook-delivery.redeliver";
    string IAccessLogged.AccessResourceType => "webhook-subscription";
    Guid? IAccessLogged.AccessResourceId => SubscriptionId;
}

public sealed class RedeliverWebhookDeliveryHandler(IApplicationDbContext db, ICurrentUser user, TimeProvider clock, AccessRecord record)
    : ICommandHandler<RedeliverWebhookDelivery, WebhookDeliveryDto>
{
    public async ValueTask<WebhookDeliveryDto> Handle(RedeliverWebhookDelivery command, CancellationToken cancellationToken)
    {
        var subscription = await OwnSubscription.FindAsync(db, user, command.SubscriptionId, cancellationToken);
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == command.DeliveryId && d.SubscriptionId == subscription.Id, cancellationToken)
            ?? throw new NotFoundException("webhook delivery");
        if (delivery.Status == WebhookDeliveryStatus.Pending)
        {
            throw new StateConflictException("delivery-pending", "The delivery is still waiting for its next attempt; only a parked or delivered one can be sent again.", []);
        }

        delivery.Status = WebhookDeliveryStatus.Pending;
        delivery.Attempts = 0;
        delivery.NextAttemptAt = clock.GetUtcNow();
        delivery.LeaseOwner = null;
        delivery.LeaseUntil = null;
        record.Touch("webhook-subscription", subscription.Id, null, null, AccessBasis.Administration);
        return WebhookDeliveryDto.From(delivery);
    }
}

internal static class OwnSubscription
{
    /// <summary>The caller's agency's subscription, tracked; another agency's is not found (its existence is not told).</summary>
    public static async Task<WebhookSubscription> FindAsync(IApplicationDbContext db, ICurrentUser user, Guid id, CancellationToken cancellationToken)
    {
        var agencyId = user.RequireAgency();
        return await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id && s.AgencyId == agencyId, cancellationToken)
            ?? throw new NotFoundException("webhook subscription");
    }
}
