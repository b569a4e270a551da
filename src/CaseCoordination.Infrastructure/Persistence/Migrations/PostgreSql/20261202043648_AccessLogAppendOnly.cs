using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <summary>
    /// The access log is append-only in the database too: one statement trigger refuses UPDATE, DELETE
    /// and TRUNCATE (SQL Server's INSTEAD OF trigger and SQLite's two triggers do the same). Only the
    /// table's owner can disable or drop it; the application's role owns nothing
    /// (deploy/scripts/sql/app-login-postgresql.sql). Tampering needs that privileged hand, and the hash
    /// chain then names what changed.
    /// </summary>
    public partial class AccessLogAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION "AccessLog_RefuseChange"() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                    RAISE EXCEPTION 'The access log is append-only.' USING ERRCODE = 'insufficient_privilege';
                END;
                $body$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AccessLog_AppendOnly" BEFORE UPDATE OR DELETE OR TRUNCATE ON "AccessLog"
                FOR EACH STATEMENT EXECUTE FUNCTION "AccessLog_RefuseChange"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AccessLog_AppendOnly\" ON \"AccessLog\";");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS \"AccessLog_RefuseChange\"();");
        }
    }
}
