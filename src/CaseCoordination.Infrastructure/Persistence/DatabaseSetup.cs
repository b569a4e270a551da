using Microsoft.Data.Sqlite;
using CaseCoordination.Infrastructure.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CaseCoordination.Infrastructure.Persistence;

/// <summary>Provider-specific options for the three contexts, shared by the app and the design-time factories.</summary>
public static class DatabaseSetup
{
    /// <summary>
    /// Resolves a relative SQLite file against <paramref name="baseDirectory"/>, creates its folder, and
    /// sets a busy timeout so that concurrent writers wait instead of failing.
    /// </summary>
    public static string PrepareSqliteConnectionString(string connectionString, string baseDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            if (!Path.IsPathRooted(builder.DataSource))
            {
                builder.DataSource = Path.GetFullPath(Path.Combine(baseDirectory, builder.DataSource));
            }

            var folder = Path.GetDirectoryName(builder.DataSource);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }

    /// <summary>The provider a context runs on (for the little SQL written by hand).</summary>
    internal static DatabaseProvider ProviderOf(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database) =>
        database.IsSqlServer() ? DatabaseProvider.SqlServer
        : database.IsNpgsql() ? DatabaseProvider.PostgreSql
        : DatabaseProvider.Sqlite;

    public static void UseSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory"))
            .AddInterceptors(SaveSteps.Instance)
            .ReplaceService<IModelCacheKeyFactory, ProtectionAwareModelCacheKeyFactory>();

    public static void UseSqlServer(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString, o =>
        {
            o.MigrationsHistoryTable("__EFMigrationsHistory");
            o.EnableRetryOnFailure(maxRetryCount: 5);
        }).AddInterceptors(SaveSteps.Instance).ReplaceService<IModelCacheKeyFactory, ProtectionAwareModelCacheKeyFactory>();

    public static void UsePostgreSql(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o =>
        {
            o.MigrationsHistoryTable("__EFMigrationsHistory");
            o.EnableRetryOnFailure(maxRetryCount: 5);
        }).AddInterceptors(SaveSteps.Instance).ReplaceService<IModelCacheKeyFactory, ProtectionAwareModelCacheKeyFactory>();
}
