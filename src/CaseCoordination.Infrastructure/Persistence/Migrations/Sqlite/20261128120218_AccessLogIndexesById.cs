using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccessLogIndexesById : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AccessLog_CaseId_At",
                table: "AccessLog");

            migrationBuilder.DropIndex(
                name: "IX_AccessLog_SubjectId_At",
                table: "AccessLog");

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_CaseId_Id",
                table: "AccessLog",
                columns: new[] { "CaseId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_SubjectId_Id",
                table: "AccessLog",
                columns: new[] { "SubjectId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AccessLog_CaseId_Id",
                table: "AccessLog");

            migrationBuilder.DropIndex(
                name: "IX_AccessLog_SubjectId_Id",
                table: "AccessLog");

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_CaseId_At",
                table: "AccessLog",
                columns: new[] { "CaseId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_SubjectId_At",
                table: "AccessLog",
                columns: new[] { "SubjectId", "At" });
        }
    }
}
