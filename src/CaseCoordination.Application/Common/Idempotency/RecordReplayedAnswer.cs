using System.Text.RegularExpressions;
using CaseCoordination.Application.Common.AccessLogging;
using CaseCoordination.Application.Common.Security;
using CaseCoordination.Domain.Common;
using Mediator;

namespace CaseCoordination.Application.Common.Idempotency;

/// <summary>
/// A retried request answered from the idempotency store: the answer may carry personal data, so the
/// replay is logged like a read of what it names.
/// </summary>
[Authorize(Role.Caseworker, Role.Coordinator, Role.Auditor, Role.Admin)]
public sealed partial record RecordReplayedAnswer(string Method, string Path) : ICommand<Unit>, IAccessLogged
{
    string IAccessLogged.AccessAction => "request.replay";
    string IAccessLogged.AccessResourceType => Path.Contains("/referrals", StringComparison.Ordinal) ? "referral" : Path.Contains("/cases", StringComparison.Ordinal) ? "case" : "request";
    Guid? IAccessLogged.AccessResourceId => FirstId().Match(Path) is { Success: true } m ? Guid.Parse(m.Value) : null;

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex FirstId();
}

public sealed class RecordReplayedAnswerHandler : ICommandHandler<RecordReplayedAnswer, Unit>
{
    public ValueTask<Unit> Handle(RecordReplayedAnswer command, CancellationToken cancellationToken) => ValueTask.FromResult(Unit.Value);
}
