using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DashboardTallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DashboardTallies",
                columns: table => new
                {
                    RegionCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 2, nullable: false),
                    Grain = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8, nullable: false),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    Figure = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    Item = table.Column<string>(type: "TEXT", unicode: false, maxLength: 80, nullable: false),
                    Amount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DashboardTallies", x => new { x.RegionCode, x.Grain, x.Period, x.Figure, x.Item });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Status_LeadHandoverProposedAt",
                table: "Cases",
                columns: new[] { "Status", "LeadHandoverProposedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Status_WithoutLeadSince",
                table: "Cases",
                columns: new[] { "Status", "WithoutLeadSince" });

            migrationBuilder.CreateIndex(
                name: "IX_DashboardTallies_Grain_Period_Figure",
                table: "DashboardTallies",
                columns: new[] { "Grain", "Period", "Figure" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DashboardTallies");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Status_LeadHandoverProposedAt",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Status_WithoutLeadSince",
                table: "Cases");
        }
    }
}
