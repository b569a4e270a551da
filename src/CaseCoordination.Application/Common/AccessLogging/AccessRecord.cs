namespace CaseCoordination.Application.Common.AccessLogging;

/// <summary>What one request touched: filled by its handler, written by the access-logging behaviour.</summary>
public sealed class AccessRecord
{
    private readonly List<TouchedResource> _touched = [];

    public IReadOnlyList<TouchedResource> Touched => _touched;

    /// <summary>The case and person the request concerns, once known (also for refused attempts).</summary>
    public Guid? CaseId { get; private set; }

    public Guid? SubjectId { get; private set; }

    /// <summary>
    /// Records that the handler read or changed a resource, on the given basis. A handler that has the
    /// case's region at hand passes it, which spares the access log a lookup of the region.
    /// </summary>
    public void Touch(string resourceType, Guid resourceId, Guid? caseId, Guid? subjectId, string basis, string? regionCode = null)
    {
        _touched.Add(new TouchedResource(resourceType, resourceId, caseId, subjectId, basis, regionCode));
        Concerns(caseId, subjectId);
    }

    /// <summary>Names the case and person a request concerns before it may be refused.</summary>
    public void Concerns(Guid? caseId, Guid? subjectId)
    {
        CaseId ??= caseId;
        SubjectId ??= subjectId;
    }
}

/// <param name="RegionCode">The region of the case, when the handler knew it (else the access log looks it up).</param>
public sealed record TouchedResource(string ResourceType, Guid ResourceId, Guid? CaseId, Guid? SubjectId, string Basis, string? RegionCode = null);

/// <summary>The grounds on which an agency may see case data, as recorded in the access log.</summary>
public static class AccessBasis
{
    /// <summary>The agency recorded the data itself (it opened the case).</summary>
    public const string RecordingAgency = "recording-agency";

    /// <summary>The agency takes part in the case (lead, sender or receiver of a referral): coordination data only.</summary>
    public const string Party = "party";

    /// <summary>An agency's administrator act on non-personal data.</summary>
    public const string Administration = "administration";
}
