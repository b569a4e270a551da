using CaseCoordination.Domain.Common;

namespace CaseCoordination.Application.Common.Security;

/// <summary>
/// The roles that may send a request. Checked in the pipeline (not by endpoint policies) so that a
/// refused attempt is written to the access log like any other.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class AuthorizeAttribute(params Role[] roles) : Attribute
{
    public IReadOnlyList<Role> Roles { get; } = roles;

    /// <summary>A caller without a token may send it too (only for requests that read nothing personal, like the public directory).</summary>
    public bool Anonymous { get; init; }
}
