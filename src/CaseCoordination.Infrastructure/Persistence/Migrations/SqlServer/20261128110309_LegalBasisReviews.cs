using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LegalBasisReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LegalBasisReviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ReferralId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RegionCode = table.Column<string>(type: "varchar(2)", unicode: false, maxLength: 2, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    UsedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UsedByAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UsedByUserId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ToAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ReviewedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ReviewedByUserId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ReviewNote = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LegalBasisReviews", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LegalBasisReviews_ReferralId",
                table: "LegalBasisReviews",
                column: "ReferralId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LegalBasisReviews_RegionCode_ReviewedAt_UsedAt",
                table: "LegalBasisReviews",
                columns: new[] { "RegionCode", "ReviewedAt", "UsedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LegalBasisReviews");
        }
    }
}
