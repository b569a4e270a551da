using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CaseWideReferralIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrals_CaseId_Need_RequestedAt",
                table: "Referrals");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_CaseId_Need_RequestedAt_ToAgencyId_Status_EndedAt_Id",
                table: "Referrals",
                columns: new[] { "CaseId", "Need", "RequestedAt", "ToAgencyId", "Status", "EndedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrals_CaseId_Need_RequestedAt_ToAgencyId_Status_EndedAt_Id",
                table: "Referrals");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_CaseId_Need_RequestedAt",
                table: "Referrals",
                columns: new[] { "CaseId", "Need", "RequestedAt" });
        }
    }
}
