using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SignalRowsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CaseSignalAnchors_RegionCode_Signal_DueAt",
                table: "CaseSignalAnchors");

            migrationBuilder.DropIndex(
                name: "IX_CaseSignalAnchors_Signal_DueAt",
                table: "CaseSignalAnchors");

            migrationBuilder.AlterColumn<string>(
                name: "Fingerprint",
                table: "ReadModelWindows",
                type: "varchar(2000)",
                unicode: false,
                maxLength: 2000,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "varchar(200)",
                oldUnicode: false,
                oldMaxLength: 200);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Fingerprint",
                table: "ReadModelWindows",
                type: "varchar(200)",
                unicode: false,
                maxLength: 200,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "varchar(2000)",
                oldUnicode: false,
                oldMaxLength: 2000);

            migrationBuilder.CreateIndex(
                name: "IX_CaseSignalAnchors_RegionCode_Signal_DueAt",
                table: "CaseSignalAnchors",
                columns: new[] { "RegionCode", "Signal", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseSignalAnchors_Signal_DueAt",
                table: "CaseSignalAnchors",
                columns: new[] { "Signal", "DueAt" });
        }
    }
}
