namespace CaseCoordination.Infrastructure;

/// <summary>
/// The wait between two rounds of a background loop (the webhook dispatcher, the access-log digest
/// publisher): one delay on the <see cref="TimeProvider"/> per round, not a <see cref="PeriodicTimer"/>.
/// A periodic timer on the TimeProvider fires once for every period the clock moved past — a fake clock
/// advanced by days fired a one-second timer hundreds of thousands of times — while a round that is late
/// by many periods has nothing more to do than one round.
/// </summary>
internal static class NextRound
{
    /// <summary>Waits <paramref name="interval"/> on <paramref name="clock"/>; false when the service is stopping.</summary>
    public static async Task<bool> AfterAsync(TimeSpan interval, TimeProvider clock, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(interval, clock, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
