using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.SqlServer
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
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PendingLeadHandoverId",
                table: "Cases",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ProposedLeadAgencyId",
                table: "Cases",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "WithoutLeadSince",
                table: "Cases",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IdempotencyKeys",
                columns: table => new
                {
                    Key = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    RequestHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Completed = table.Column<bool>(type: "bit", nullable: false),
                    StatusCode = table.Column<int>(type: "int", nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Location = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    ETag = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    Body = table.Column<byte[]>(type: "varbinary(max)", maxLength: 1048576, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyKeys", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "LeadHandovers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FromAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ToAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Status = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ProposedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ProposedByUserId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ProposedByAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ProposedByRole = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DeclineReason = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
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
