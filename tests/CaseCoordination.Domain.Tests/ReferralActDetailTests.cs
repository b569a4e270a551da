using CaseCoordination.Domain.Common;
using CaseCoordination.Domain.Referrals;
using CaseCoordination.Domain.Tests.Support;
using Xunit;
using static CaseCoordination.Domain.Tests.Support.ReferralFixture;

namespace CaseCoordination.Domain.Tests;

/// <summary>What reject, complete, fail and cancel record beside the status.</summary>
public sealed class ReferralActDetailTests
{
    private static readonly DateTimeOffset ActAt = SentAt.AddDays(1);

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n ")]
    public void Rejecting_without_a_reason_is_refused_and_changes_nothing(string reason)
    {
        var referral = SentAndDrivenTo(ReferralStatus.Received);
        var before = ReferralSnapshot.Of(referral);

        var refused = Assert.Throws<DomainRuleViolationException>(() => referral.Reject(reason, UnrelatedAgencyId, Receiver, ActAt));

        Assert.Equal("reason-required", refused.Code);
        Assert.Equal(before, ReferralSnapshot.Of(referral));
    }

    [Fact]
    public void Rejecting_records_the_reason_and_the_suggested_agency_but_keeps_the_free_text_off_the_timeline()
    {
        var referral = SentAndDrivenTo(ReferralStatus.Received);

        referral.Reject("Outside our catchment area.", UnrelatedAgencyId, Receiver, ActAt);

        Assert.Equal(ReferralStatus.Rejected, referral.Status);
        Assert.Equal("Outside our catchment area.", referral.RejectionReason);
        Assert.Equal(UnrelatedAgencyId, referral.SuggestedAgencyId);
        var rejected = referral.RecordedEvents[^1];
        Assert.Equal("referral.rejected", rejected.Kind);
        Assert.Null(rejected.Detail);
    }

    [Fact]
    public void Rejecting_without_suggesting_an_agency_leaves_the_suggestion_empty()
    {
        var referral = SentAndDrivenTo(ReferralStatus.Received);

        referral.Reject("Outside our catchment area.", null, Receiver, ActAt);

        Assert.Equal(ReferralStatus.Rejected, referral.Status);
        Assert.Null(referral.SuggestedAgencyId);
    }

    [Theory]
    [InlineData(CompletionOutcome.NeedsMet, "needs-met")]
    [InlineData(CompletionOutcome.PartlyMet, "partly-met")]
    [InlineData(CompletionOutcome.PersonDeclined, "person-declined")]
    [InlineData(CompletionOutcome.ReferredOnward, "referred-onward")]
    public void Completing_records_the_outcome_and_puts_its_code_on_the_timeline(CompletionOutcome outcome, string code)
    {
        var referral = SentAndDrivenTo(ReferralStatus.InProgress);

        referral.Complete(outcome, Receiver, ActAt);

        Assert.Equal(ReferralStatus.Completed, referral.Status);
        Assert.Equal(outcome, referral.Outcome);
        var completed = referral.RecordedEvents[^1];
        Assert.Equal("referral.completed", completed.Kind);
        Assert.Equal(code, completed.Detail);
    }

    [Theory]
    [InlineData(ReferralStatus.Accepted, FailureReason.LostContact, "lost-contact")]
    [InlineData(ReferralStatus.Accepted, FailureReason.PersonDeclined, "person-declined")]
    [InlineData(ReferralStatus.InProgress, FailureReason.NoCapacity, "no-capacity")]
    [InlineData(ReferralStatus.InProgress, FailureReason.Other, "other")]
    public void Failing_records_the_reason_and_details_and_puts_only_the_reason_code_on_the_timeline(ReferralStatus from, FailureReason reason, string code)
    {
        var referral = SentAndDrivenTo(from);

        referral.Fail(reason, "Moved in with a relative in another town.", Receiver, ActAt);

        Assert.Equal(ReferralStatus.Failed, referral.Status);
        Assert.Equal(reason, referral.FailureReason);
        Assert.Equal("Moved in with a relative in another town.", referral.FailureDetails);
        var failed = referral.RecordedEvents[^1];
        Assert.Equal("referral.failed", failed.Kind);
        Assert.Equal(code, failed.Detail);
    }

    [Fact]
    public void Failing_without_details_leaves_them_empty()
    {
        var referral = SentAndDrivenTo(ReferralStatus.InProgress);

        referral.Fail(FailureReason.LostContact, null, Receiver, ActAt);

        Assert.Equal(FailureReason.LostContact, referral.FailureReason);
        Assert.Null(referral.FailureDetails);
    }

    [Theory]
    [InlineData(ReferralStatus.Requested)]
    [InlineData(ReferralStatus.Received)]
    public void Cancelling_records_the_reason_but_keeps_it_off_the_timeline(ReferralStatus from)
    {
        var referral = SentAndDrivenTo(from);

        referral.Cancel("Sent to the wrong unit.", Sender, ActAt);

        Assert.Equal(ReferralStatus.Cancelled, referral.Status);
        Assert.Equal("Sent to the wrong unit.", referral.CancellationReason);
        var cancelled = referral.RecordedEvents[^1];
        Assert.Equal("referral.cancelled", cancelled.Kind);
        Assert.Null(cancelled.Detail);
    }
}
