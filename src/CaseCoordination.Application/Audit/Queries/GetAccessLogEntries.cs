using System.Globalization;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Interfaces;
using CaseCoordination.Application.Common.Paging;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Application.Common.Validation;
using CaseCoordination.Domain.AccessLog;
using CaseCoordination.Domain.Common;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CaseCoordination.Application.Audit.Queries;

/// <summary>The filters of <c>GET /api/v1/audit/entries</c> (and of its NDJSON export).</summary>
public sealed record AccessLogFilter(
    Guid? CaseId, Guid? SubjectId, Guid? AgencyId, string? UserId, string? Action, AccessOutcome? Outcome, DateTimeOffset? From, DateTimeOffset? To)
{
    public IQueryable<AccessLogEntry> Apply(IQueryable<AccessLogEntry> entries)
    {
        if (CaseId is { } caseId)
        {
            entries = entries.Where(e => e.CaseId == caseId);
        }

        if (SubjectId is { } subjectId)
        {
            entries = entries.Where(e => e.SubjectId == subjectId);
        }

        if (AgencyId is { } agencyId)
        {
            entries = entries.Where(e => e.AgencyId == agencyId);
        }

        if (UserId is { } userId)
        {
            entries = entries.Where(e => e.UserId == userId);
        }

        if (Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }

        if (Outcome is { } outcome)
        {
            entries = entries.Where(e => e.Outcome == outcome);
        }

        if (From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        return entries;
    }
}

/// <summary>A query of the access log by <see cref="AccessLogFilter"/>: the page and the export.</summary>
public interface IAccessLogQuery
{
    AccessLogFilter Filter { get; }
}

/// <summary>The filter's rules, the same for the page and the export; each reported under its query parameter.</summary>
public static class AccessLogFilterRules
{
    public static void AddFilterRules<T>(this AbstractValidator<T> v) where T : IAccessLogQuery
    {
        v.RuleFor(x => x.Filter.Outcome).IsInEnum().OverridePropertyName("outcome");
        v.RuleFor(x => x.Filter.UserId).MaximumLength(200).OverridePropertyName("userId");
        v.RuleFor(x => x.Filter.Action).MaximumLength(60).OverridePropertyName("action");
        v.RulesForPeriod(x => x.Filter.From, x => x.Filter.To);
    }
}

public sealed record AccessLogPage(IReadOnlyList<AccessLogEntryDto> Items, string? NextCursor);

/// <summary>The access log, newest first, scoped to the auditor's region, paged by an opaque cursor.</summary>
[Authorize(Role.Auditor)]
public sealed record GetAccessLogEntries(AccessLogFilter Filter, int? Limit, string? Cursor) : IQuery<AccessLogPage>, IAccessLogged, IAccessLogQuery, IPageQuery
{
    string IAccessLogged.AccessAction => "audit.entries.read";
    string IAccessLogged.AccessResourceType => "access-log";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class GetAccessLogEntriesValidator : AbstractValidator<GetAccessLogEntries>
{
    public GetAccessLogEntriesValidator()
    {
        this.AddPageRules();
        this.AddFilterRules();
    }
}

public sealed class GetAccessLogEntriesHandler(IApplicationDbContext db, ICurrentUser user) : IQueryHandler<GetAccessLogEntries, AccessLogPage>
{
    public async ValueTask<AccessLogPage> Handle(GetAccessLogEntries query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? Common.Paging.Cursor.DefaultLimit;
        var entries = query.Filter.Apply(db.AccessLog.AsNoTracking().InRegionOf(user, e => e.RegionCode));
        if (SequenceCursor.Decode(query.Cursor) is { } before)
        {
            entries = entries.Where(e => e.Id < before);
        }

        var fetched = await entries.OrderByDescending(e => e.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var next = fetched.Count > limit ? SequenceCursor.Encode(fetched[limit - 1].Id) : null;
        return new AccessLogPage(fetched.Take(limit).Select(AccessLogEntryDto.From).ToList(), next);
    }
}

/// <summary>A cursor over the log's sequence ids (opaque to clients).</summary>
public static class SequenceCursor
{
    public static string Encode(long id) => System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes("seq:" + id.ToString(CultureInfo.InvariantCulture)));

    public static long? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var text = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith("seq:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return id;
            }
        }
        catch (FormatException)
        {
        }

        throw new ValidationException([new ValidationFailure("cursor", "The cursor is not valid.")]);
    }
}

/// <summary>
/// The same query as <see cref="GetAccessLogEntries"/>, all of it, newest first, for an NDJSON export
/// that streams from the database without loading it into memory.
/// </summary>
[Authorize(Role.Auditor)]
public sealed record ExportAccessLog(AccessLogFilter Filter) : IQuery<IAsyncEnumerable<AccessLogEntryDto>>, IAccessLogged, IAccessLogQuery
{
    string IAccessLogged.AccessAction => "audit.export";
    string IAccessLogged.AccessResourceType => "access-log";
    Guid? IAccessLogged.AccessResourceId => null;
}

public sealed class ExportAccessLogValidator : AbstractValidator<ExportAccessLog>
{
    public ExportAccessLogValidator()
    {
        this.AddFilterRules();
    }
}

public sealed class ExportAccessLogHandler(IApplicationDbContext db, ICurrentUser user) : IQueryHandler<ExportAccessLog, IAsyncEnumerable<AccessLogEntryDto>>
{
    public ValueTask<IAsyncEnumerable<AccessLogEntryDto>> Handle(ExportAccessLog query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(query.Filter.Apply(db.AccessLog.AsNoTracking().InRegionOf(user, e => e.RegionCode))
            .OrderByDescending(e => e.Id)
            .AsAsyncEnumerable()
            .Select(AccessLogEntryDto.From));
}
