using CaseCoordination.Domain.Signals;

namespace CaseCoordination.Application.Signals;

/// <summary>The signal codes of domain.md, as the API lists them (OpenAPI enums, validators): those of <see cref="SignalDefinitions"/>.</summary>
public static class SignalCodes
{
    public static IReadOnlyList<string> All => SignalDefinitions.Codes;
}
