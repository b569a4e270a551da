namespace CaseCoordination.Api.Tests.Support;

/// <summary>The repository the tests run from (for files the product ships beside the code: deploy scripts, the API project).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CaseCoordination.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (CaseCoordination.sln) was not found above the test's folder.");
    }
}
