using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DashboardTallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_RegionCode_Status",
                table: "Cases");

            migrationBuilder.CreateTable(
                name: "DashboardTallies",
                columns: table => new
                {
                    RegionCode = table.Column<string>(type: "varchar(2)", unicode: false, maxLength: 2, nullable: false),
                    Grain = table.Column<string>(type: "varchar(8)", unicode: false, maxLength: 8, nullable: false),
                    Period = table.Column<int>(type: "int", nullable: false),
                    Figure = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    Item = table.Column<string>(type: "varchar(80)", unicode: false, maxLength: 80, nullable: false),
                    Amount = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DashboardTallies", x => new { x.RegionCode, x.Grain, x.Period, x.Figure, x.Item });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_RegionCode_Status_LeadHandoverProposedAt",
                table: "Cases",
                columns: new[] { "RegionCode", "Status", "LeadHandoverProposedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_RegionCode_Status_OpenedAt_Id",
                table: "Cases",
                columns: new[] { "RegionCode", "Status", "OpenedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_RegionCode_Status_WithoutLeadSince",
                table: "Cases",
                columns: new[] { "RegionCode", "Status", "WithoutLeadSince" });

            migrationBuilder.CreateIndex(
                name: "IX_DashboardTallies_Grain_Figure_Item_Period_RegionCode_Amount",
                table: "DashboardTallies",
                columns: new[] { "Grain", "Figure", "Item", "Period", "RegionCode", "Amount" });

            migrationBuilder.CreateIndex(
                name: "IX_DashboardTallies_RegionCode_Grain_Figure_Item_Period_Amount",
                table: "DashboardTallies",
                columns: new[] { "RegionCode", "Grain", "Figure", "Item", "Period", "Amount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DashboardTallies");

            migrationBuilder.DropIndex(
                name: "IX_Cases_RegionCode_Status_LeadHandoverProposedAt",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_RegionCode_Status_OpenedAt_Id",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_RegionCode_Status_WithoutLeadSince",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_RegionCode_Status",
                table: "Cases",
                columns: new[] { "RegionCode", "Status" });
        }
    }
}
