using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.Sqlite
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
