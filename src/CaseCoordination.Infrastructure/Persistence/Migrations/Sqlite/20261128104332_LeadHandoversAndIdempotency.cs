using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LeadHandoversAndIdempotency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LeadHandoverProposedAt",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PendingLeadHandoverId",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ProposedLeadAgencyId",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "WithoutLeadSince",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IdempotencyKeys",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Completed = table.Column<bool>(type: "INTEGER", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Location = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ETag = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Body = table.Column<byte[]>(type: "BLOB", maxLength: 1048576, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyKeys", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "LeadHandovers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromAgencyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ToAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ProposedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProposedByUserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProposedByAgencyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProposedByRole = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeclineReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeadHandovers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LeadHandovers_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ProposedLeadAgencyId",
                table: "Cases",
                column: "ProposedLeadAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyKeys_ExpiresAt",
                table: "IdempotencyKeys",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_LeadHandovers_CaseId",
                table: "LeadHandovers",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_LeadHandovers_ToAgencyId_Status",
                table: "LeadHandovers",
                columns: new[] { "ToAgencyId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IdempotencyKeys");

            migrationBuilder.DropTable(
                name: "LeadHandovers");

            migrationBuilder.DropIndex(
                name: "IX_Cases_ProposedLeadAgencyId",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "LeadHandoverProposedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "PendingLeadHandoverId",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ProposedLeadAgencyId",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "WithoutLeadSince",
                table: "Cases");
        }
    }
}
