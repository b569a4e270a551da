namespace CaseCoordination.Infrastructure; public static class Placeholder3 {}
