using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SignalRowsAndTypedTallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The tallies' keys and the signal rows' columns change: both start empty, and the missing record
            // of the signal windows (ReadModelWindows) makes the start-up rebuild (DatabaseInitializer)
            // compute them from the stored cases and referrals.
            migrationBuilder.Sql("DELETE FROM DashboardTallies;");
            migrationBuilder.Sql("DELETE FROM CaseSignalAnchors;");

            migrationBuilder.DropPrimaryKey(
                name: "PK_DashboardTallies",
                table: "DashboardTallies");

            migrationBuilder.DropIndex(
                name: "IX_DashboardTallies_Grain_Figure_Item_Period_RegionCode_Amount",
                table: "DashboardTallies");

            migrationBuilder.DropIndex(
                name: "IX_DashboardTallies_RegionCode_Grain_Figure_Item_Period_Amount",
                table: "DashboardTallies");

            migrationBuilder.DropIndex(
                name: "IX_Cases_RegionCode_Status_LeadHandoverProposedAt",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_RegionCode_Status_OpenedAt_Id",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_RegionCode_Status_WithoutLeadSince",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Item",
                table: "DashboardTallies");

            migrationBuilder.DropColumn(
                name: "TallyStamp",
                table: "Cases");

            migrationBuilder.AddColumn<string>(
                name: "Dimension",
                table: "DashboardTallies",
                type: "varchar(40)",
                unicode: false,
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Key",
                table: "DashboardTallies",
                type: "varchar(40)",
                unicode: false,
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "DashboardTallies",
                type: "varchar(20)",
                unicode: false,
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Value",
                table: "DashboardTallies",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "AgencyToActId",
                table: "CaseSignalAnchors",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DueAt",
                table: "CaseSignalAnchors",
                type: "datetime2",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<Guid>(
                name: "FromAgencyId",
                table: "CaseSignalAnchors",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MunicipalityCode",
                table: "CaseSignalAnchors",
                type: "varchar(4)",
                unicode: false,
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Need",
                table: "CaseSignalAnchors",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegionCode",
                table: "CaseSignalAnchors",
                type: "varchar(2)",
                unicode: false,
                maxLength: 2,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "ToAgencyId",
                table: "CaseSignalAnchors",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "PK_DashboardTallies",
                table: "DashboardTallies",
                columns: new[] { "RegionCode", "Grain", "Period", "Figure", "Dimension", "Key", "Status", "Value" });

            migrationBuilder.CreateTable(
                name: "ReadModelWindows",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    Fingerprint = table.Column<string>(type: "varchar(200)", unicode: false, maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReadModelWindows", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DashboardTallies_Grain_Figure_Dimension_Key_Status_Value_Period_RegionCode_Amount",
                table: "DashboardTallies",
                columns: new[] { "Grain", "Figure", "Dimension", "Key", "Status", "Value", "Period", "RegionCode", "Amount" });

            migrationBuilder.CreateIndex(
                name: "IX_DashboardTallies_RegionCode_Grain_Figure_Dimension_Key_Status_Value_Period_Amount",
                table: "DashboardTallies",
                columns: new[] { "RegionCode", "Grain", "Figure", "Dimension", "Key", "Status", "Value", "Period", "Amount" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseSignalAnchors_DueAt_Signal_CaseId_ReferralId",
                table: "CaseSignalAnchors",
                columns: new[] { "DueAt", "Signal", "CaseId", "ReferralId" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseSignalAnchors_ReferralId",
                table: "CaseSignalAnchors",
                column: "ReferralId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseSignalAnchors_RegionCode_DueAt_Signal_CaseId_ReferralId",
                table: "CaseSignalAnchors",
                columns: new[] { "RegionCode", "DueAt", "Signal", "CaseId", "ReferralId" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseSignalAnchors_RegionCode_Signal_DueAt",
                table: "CaseSignalAnchors",
                columns: new[] { "RegionCode", "Signal", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseSignalAnchors_Signal_DueAt",
                table: "CaseSignalAnchors",
                columns: new[] { "Signal", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReadModelWindows");

            migrationBuilder.DropPrimaryKey(
                name: "PK_DashboardTallies",
                table: "DashboardTallies");

            migrationBuilder.DropIndex(
                name: "IX_DashboardTallies_Grain_Figure_Dimension_Key_Status_Value_Period_RegionCode_Amount",
                table: "DashboardTallies");

            migrationBuilder.DropIndex(
                name: "IX_DashboardTallies_RegionCode_Grain_Figure_Dimension_Key_Status_Value_Period_Amount",
                table: "DashboardTallies");

            migrationBuilder.DropIndex(
                name: "IX_CaseSignalAnchors_DueAt_Signal_CaseId_ReferralId",
                table: "CaseSignalAnchors");

            migrationBuilder.DropIndex(
                name: "IX_CaseSignalAnchors_ReferralId",
                table: "CaseSignalAnchors");

            migrationBuilder.DropIndex(
                name: "IX_CaseSignalAnchors_RegionCode_DueAt_Signal_CaseId_ReferralId",
                table: "CaseSignalAnchors");

            migrationBuilder.DropIndex(
                name: "IX_CaseSignalAnchors_RegionCode_Signal_DueAt",
                table: "CaseSignalAnchors");

            migrationBuilder.DropIndex(
                name: "IX_CaseSignalAnchors_Signal_DueAt",
                table: "CaseSignalAnchors");

            migrationBuilder.DropColumn(
                name: "Dimension",
                table: "DashboardTallies");

            migrationBuilder.DropColumn(
                name: "Key",
                table: "DashboardTallies");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "DashboardTallies");

            migrationBuilder.DropColumn(
                name: "Value",
                table: "DashboardTallies");

            migrationBuilder.DropColumn(
                name: "AgencyToActId",
                table: "CaseSignalAnchors");

            migrationBuilder.DropColumn(
                name: "DueAt",
                table: "CaseSignalAnchors");

            migrationBuilder.DropColumn(
                name: "FromAgencyId",
                table: "CaseSignalAnchors");

            migrationBuilder.DropColumn(
                name: "MunicipalityCode",
                table: "CaseSignalAnchors");

            migrationBuilder.DropColumn(
                name: "Need",
                table: "CaseSignalAnchors");

            migrationBuilder.DropColumn(
                name: "RegionCode",
                table: "CaseSignalAnchors");

            migrationBuilder.DropColumn(
                name: "ToAgencyId",
                table: "CaseSignalAnchors");

            migrationBuilder.AddColumn<string>(
                name: "Item",
                table: "DashboardTallies",
                type: "varchar(80)",
                unicode: false,
                maxLength: 80,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "TallyStamp",
                table: "Cases",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddPrimaryKey(
                name: "PK_DashboardTallies",
                table: "DashboardTallies",
                columns: new[] { "RegionCode", "Grain", "Period", "Figure", "Item" });

            migrationBuilder.CreateIndex(
                name: "IX_DashboardTallies_Grain_Figure_Item_Period_RegionCode_Amount",
                table: "DashboardTallies",
                columns: new[] { "Grain", "Figure", "Item", "Period", "RegionCode", "Amount" });

            migrationBuilder.CreateIndex(
                name: "IX_DashboardTallies_RegionCode_Grain_Figure_Item_Period_Amount",
                table: "DashboardTallies",
                columns: new[] { "RegionCode", "Grain", "Figure", "Item", "Period", "Amount" });

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
        }
    }
}
