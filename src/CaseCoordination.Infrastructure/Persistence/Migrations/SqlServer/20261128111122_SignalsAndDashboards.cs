using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SignalsAndDashboards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrals_CaseId",
                table: "Referrals");

            migrationBuilder.AddColumn<int>(
                name: "MinutesToAnswer",
                table: "Referrals",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MinutesToFirstContact",
                table: "Referrals",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MinutesToReceive",
                table: "Referrals",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ChildAtOpening",
                table: "Cases",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "ComplexNeeds",
                table: "Cases",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "OtherNationality",
                table: "Cases",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AlterColumn<string>(
                name: "Basis",
                table: "AccessLog",
                type: "varchar(1000)",
                unicode: false,
                maxLength: 1000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "varchar(100)",
                oldUnicode: false,
                oldMaxLength: 100,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_CaseId_Need_RequestedAt",
                table: "Referrals",
                columns: new[] { "CaseId", "Need", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_RequestedAt",
                table: "Referrals",
                column: "RequestedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Status_AnswerBy",
                table: "Referrals",
                columns: new[] { "Status", "AnswerBy" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Status_EndedAt",
                table: "Referrals",
                columns: new[] { "Status", "EndedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Status_FirstContactBy",
                table: "Referrals",
                columns: new[] { "Status", "FirstContactBy" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Status_LastEventAt",
                table: "Referrals",
                columns: new[] { "Status", "LastEventAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Status_ReceiveBy",
                table: "Referrals",
                columns: new[] { "Status", "ReceiveBy" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrals_CaseId_Need_RequestedAt",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_RequestedAt",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_Status_AnswerBy",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_Status_EndedAt",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_Status_FirstContactBy",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_Status_LastEventAt",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Referrals_Status_ReceiveBy",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "MinutesToAnswer",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "MinutesToFirstContact",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "MinutesToReceive",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "ChildAtOpening",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ComplexNeeds",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "OtherNationality",
                table: "Cases");

            migrationBuilder.AlterColumn<string>(
                name: "Basis",
                table: "AccessLog",
                type: "varchar(100)",
                unicode: false,
                maxLength: 100,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "varchar(1000)",
                oldUnicode: false,
                oldMaxLength: 1000,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_CaseId",
                table: "Referrals",
                column: "CaseId");
        }
    }
}
