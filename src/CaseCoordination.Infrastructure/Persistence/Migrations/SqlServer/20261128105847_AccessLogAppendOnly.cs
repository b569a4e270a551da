using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <summary>The access log is append-only in the database too: updates and deletes are refused by a trigger. Tampering needs a privileged hand that drops it, and the hash chain then names what changed.</summary>
    public partial class AccessLogAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // EXEC: CREATE TRIGGER must start a batch, also inside the idempotent script's IF blocks.
            migrationBuilder.Sql("""
                EXEC(N'CREATE TRIGGER [AccessLog_AppendOnly] ON [AccessLog] INSTEAD OF UPDATE, DELETE
                AS BEGIN
                    THROW 51000, ''The access log is append-only.'', 1;
                END;');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [AccessLog_AppendOnly];");
        }
    }
}
