using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IdempotencyKeyLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Committed",
                table: "IdempotencyKeys",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseExpiresAt",
                table: "IdempotencyKeys",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<Guid>(
                name: "LeaseToken",
                table: "IdempotencyKeys",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<byte[]>(
                name: "Result",
                table: "IdempotencyKeys",
                type: "BLOB",
                maxLength: 2097152,
                nullable: true);

            // Keys claimed before this upgrade cannot tell whether their act committed: they keep the old
            // behaviour (in progress until they expire) rather than let a retry run the act again.
            migrationBuilder.Sql("UPDATE IdempotencyKeys SET LeaseExpiresAt = ExpiresAt WHERE Completed = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Committed",
                table: "IdempotencyKeys");

            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "IdempotencyKeys");

            migrationBuilder.DropColumn(
                name: "LeaseToken",
                table: "IdempotencyKeys");

            migrationBuilder.DropColumn(
                name: "Result",
                table: "IdempotencyKeys");
        }
    }
}
