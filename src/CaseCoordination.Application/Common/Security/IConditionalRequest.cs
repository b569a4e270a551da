namespace CaseCoordination.Application.Common.Security;

/// <summary>
/// A change that carries the client's <c>If-Match</c> version. When another change wins the race
/// between our check and our save, the client's precondition has failed: 412, not 409.
/// </summary>
public interface IConditionalRequest
{
    int? IfMatchVersion { get; }
}
