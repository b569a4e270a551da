using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ResponsibilityDirectory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "OutsideCoverage",
                table: "Referrals",
                type: "integer",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "TurnedAwayForCapacity",
                table: "Referrals",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "OtherLanguage",
                table: "Cases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Services",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(2)", unicode: false, maxLength: 2, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Needs = table.Column<string[]>(type: "text[]", maxLength: 1000, nullable: false),
                    Municipalities = table.Column<string[]>(type: "text[]", unicode: false, maxLength: 2500, nullable: false),
                    RegionWide = table.Column<bool>(type: "boolean", nullable: false),
                    National = table.Column<bool>(type: "boolean", nullable: false),
                    Groups = table.Column<string[]>(type: "text[]", maxLength: 100, nullable: false),
                    AcceptsWithoutPersonalIdentityNumber = table.Column<bool>(type: "boolean", nullable: false),
                    AcceptsProtectedIdentity = table.Column<bool>(type: "boolean", nullable: false),
                    Languages = table.Column<string[]>(type: "text[]", unicode: false, maxLength: 400, nullable: false),
                    Outreach = table.Column<string[]>(type: "text[]", maxLength: 200, nullable: false),
                    ContactHours = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Capacity = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CapacityConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CapacityConfirmedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    WithdrawnAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Services", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Services_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Services_AgencyId_WithdrawnAt",
                table: "Services",
                columns: new[] { "AgencyId", "WithdrawnAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Services_RegionCode_WithdrawnAt",
                table: "Services",
                columns: new[] { "RegionCode", "WithdrawnAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Services");

            migrationBuilder.DropColumn(
                name: "OutsideCoverage",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "TurnedAwayForCapacity",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "OtherLanguage",
                table: "Cases");
        }
    }
}
