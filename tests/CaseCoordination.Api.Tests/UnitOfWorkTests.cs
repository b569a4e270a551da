using CaseCoordination.Api.Tests.Support;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Common;
using CaseCoordination.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CaseCoordination.Api.Tests;

/// <summary>
/// The unit of work commits each act alone (ADR 0023): on SQLite, acts of this process take turns on
/// the database file, one transaction each, so what goes wrong inside one act's transaction can never
/// fail another request's act.
/// </summary>
public sealed class UnitOfWorkTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private AccessLogEntry Entry(string action) =>
        new(factory.Clock.GetUtcNow(), "uow-test", Agencies.SocialServicesEkstad, Role.Caseworker, null, action, "case", Guid.NewGuid(), null, null, AccessOutcome.Allowed, null, null);

    private Task<List<string>> LoggedAsync() =>
        factory.Db(db => db.AccessLog.Where(e => e.UserId == "uow-test").OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());

    [Fact]
    public async Task An_act_that_breaks_its_own_transaction_does_not_fail_a_concurrent_unrelated_act()
    {
        await using var firstScope = factory.Services.CreateAsyncScope();
        await using var breakingScope = factory.Services.CreateAsyncScope();

        // The first act is inside its commit, and stays there until the breaking act has queued behind it.
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = firstScope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        first.AppendToAccessLog([Entry("uow.unrelated")]);
        first.RecheckAtCommit(async _ =>
        {
            inside.SetResult();
            await release.Task;
        });

        // The breaking act's transaction is gone inside its commit (as when SQLite rolls a transaction
        // back on an I/O error or an interrupt) and the act throws.
        var breakingDb = breakingScope.ServiceProvider.GetRequiredService<CaseCoordinationDbContext>();
        var breaking = breakingScope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        breaking.AppendToAccessLog([Entry("uow.breaking")]);
        breaking.RecheckAtCommit(async ct =>
        {
            await breakingDb.Database.ExecuteSqlRawAsync("ROLLBACK", ct);
            throw new InvalidOperationException("the act's own failure");
        });

        var firstCommit = first.CommitAsync(CancellationToken.None);
        await inside.Task;
        var breakingCommit = breaking.CommitAsync(CancellationToken.None);
        release.SetResult();

        await firstCommit;
        await Assert.ThrowsAnyAsync<Exception>(() => breakingCommit);
        Assert.Equal(["uow.unrelated"], await LoggedAsync());

        // The file's turn was given back: the next act commits.
        await using var nextScope = factory.Services.CreateAsyncScope();
        var next = nextScope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        next.AppendToAccessLog([Entry("uow.next")]);
        await next.CommitAsync(CancellationToken.None);
        Assert.Equal(["uow.unrelated", "uow.next"], await LoggedAsync());
    }
}
