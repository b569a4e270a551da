using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <summary>The access log is append-only in the database too: updates and deletes are refused by triggers. Tampering needs a privileged hand that drops them, and the hash chain then names what changed.</summary>
    public partial class AccessLogAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER "AccessLog_NoUpdate" BEFORE UPDATE ON "AccessLog"
                BEGIN SELECT RAISE(ABORT, 'The access log is append-only.'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AccessLog_NoDelete" BEFORE DELETE ON "AccessLog"
                BEGIN SELECT RAISE(ABORT, 'The access log is append-only.'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AccessLog_NoUpdate\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AccessLog_NoDelete\";");
        }
    }
}
