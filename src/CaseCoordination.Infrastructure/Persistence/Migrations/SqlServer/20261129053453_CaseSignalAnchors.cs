using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CaseSignalAnchors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "TallyStamp",
                table: "Cases",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "CaseSignalAnchors",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Signal = table.Column<string>(type: "varchar(40)", unicode: false, maxLength: 40, nullable: false),
                    ReferralId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Anchor = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseSignalAnchors", x => new { x.CaseId, x.Signal, x.ReferralId });
                });

            // The anchors start empty: emptying the tallies makes the start-up rebuild
            // (DatabaseInitializer) compute both from the stored cases and referrals.
            migrationBuilder.Sql("DELETE FROM DashboardTallies;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseSignalAnchors");

            migrationBuilder.DropColumn(
                name: "TallyStamp",
                table: "Cases");
        }
    }
}
