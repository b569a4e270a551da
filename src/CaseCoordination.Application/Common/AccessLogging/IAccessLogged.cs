namespace CaseCoordination.Application.Common.AccessLogging;

/// <summary>
/// A request that reads or changes case data. The pipeline writes its access-log entries — one per
/// case or referral it touched, or one for a refused attempt — in the same transaction as the act.
/// A handler cannot forget: a request of this kind that touches nothing still leaves one entry.
/// </summary>
public interface IAccessLogged
{
    /// <summary>A dotted action code such as <c>case.read</c> or <c>referral.accept</c>.</summary>
    string AccessAction { get; }

    /// <summary><c>case</c>, <c>referral</c> or <c>agency</c>.</summary>
    string AccessResourceType { get; }

    /// <summary>The resource named by the request, where it names one.</summary>
    Guid? AccessResourceId { get; }

    /// <summary>
    /// The case and person a refused attempt concerns when its handler did not get to name them
    /// (<see cref="AccessRecord.Concerns"/>): by default the case a request on a case names, and no person.
    /// </summary>
    (Guid? CaseId, Guid? SubjectId) AccessConcerns => (AccessResourceType == "case" ? AccessResourceId : null, null);
}
