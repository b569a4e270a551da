namespace CaseCoordination.Domain.Common;

/// <summary>
/// An aggregate with an application-managed version. Every intention-revealing change bumps the
/// version; persistence uses it as the optimistic-concurrency token and the API as the ETag.
/// </summary>
public abstract class AggregateRoot
{
    private readonly List<TimelineEntry> _recordedEvents = [];

    public Guid Id { get; protected set; }

    /// <summary>Incremented by every change. Starts at 1 when created.</summary>
    public int Version { get; private set; } = 1;

    /// <summary>Timeline events recorded by changes and not yet persisted.</summary>
    public IReadOnlyList<TimelineEntry> RecordedEvents => _recordedEvents;

    protected void Changed() => Version++;

    protected void Record(TimelineEntry entry) => _recordedEvents.Add(entry);

    public void ClearRecordedEvents() => _recordedEvents.Clear();
}
