using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccessLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    RegionCode = table.Column<string>(type: "varchar(2)", unicode: false, maxLength: 2, nullable: true),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    AgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Role = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    CallingSystem = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Action = table.Column<string>(type: "varchar(60)", unicode: false, maxLength: 60, nullable: false),
                    ResourceType = table.Column<string>(type: "varchar(30)", unicode: false, maxLength: 30, nullable: false),
                    ResourceId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SubjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Basis = table.Column<string>(type: "varchar(100)", unicode: false, maxLength: 100, nullable: true),
                    RefusalCode = table.Column<string>(type: "varchar(60)", unicode: false, maxLength: 60, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AccessLogChain",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    LastEntryId = table.Column<long>(type: "bigint", nullable: false),
                    LastHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    LastAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessLogChain", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Agencies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    RegionCode = table.Column<string>(type: "varchar(2)", unicode: false, maxLength: 2, nullable: false),
                    MunicipalityCode = table.Column<string>(type: "varchar(4)", unicode: false, maxLength: 4, nullable: false),
                    Active = table.Column<bool>(type: "bit", nullable: false),
                    Needs = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Agencies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CaseNumber = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PersonName = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    PersonBirthDate = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    PersonBirthYear = table.Column<int>(type: "int", nullable: true),
                    PersonIdentityNumber = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    PersonContact = table.Column<string>(type: "nvarchar(max)", maxLength: 12000, nullable: true),
                    PersonNationality = table.Column<string>(type: "varchar(2)", unicode: false, maxLength: 2, nullable: true),
                    PersonLanguage = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: true),
                    PersonNeedsInterpreter = table.Column<bool>(type: "bit", nullable: false),
                    PersonProtectedIdentity = table.Column<bool>(type: "bit", nullable: false),
                    PersonComplexNeeds = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    PersonFirstExploitedAsChild = table.Column<bool>(type: "bit", nullable: true),
                    PersonIdentityNumberHash = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: true),
                    MunicipalityCode = table.Column<string>(type: "varchar(4)", unicode: false, maxLength: 4, nullable: false),
                    RegionCode = table.Column<string>(type: "varchar(2)", unicode: false, maxLength: 2, nullable: false),
                    IntakeChannel = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Situation = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    Status = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    OpenedByAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OpenedByUserId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    LeadAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    LeadSince = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    CloseJustification = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    PendingLeadHandoverId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ProposedLeadAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    LeadHandoverProposedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    WithoutLeadSince = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cases", x => x.Id);
                });

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
                name: "TimelineEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ReferralId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Kind = table.Column<string>(type: "varchar(60)", unicode: false, maxLength: 60, nullable: false),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ActorUserId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ActorAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ActorRole = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Detail = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimelineEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Consents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RecipientAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    RecipientKind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    Categories = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Purpose = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Method = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    GivenBy = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ValidFrom = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ValidUntil = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RecordedByUserId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RecordedByAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WithdrawnAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    WithdrawnByUserId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Consents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Consents_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
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

            migrationBuilder.CreateTable(
                name: "Referrals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FromAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ToAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Need = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Urgency = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    SharedCategories = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    BasisKind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    BasisConsentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    BasisJustification = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Message = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    Status = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    SentByUserId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    FirstContactAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ReceiveBy = table.Column<DateTime>(type: "datetime2", nullable: false),
                    AnswerBy = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FirstContactBy = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LastEventAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LastEventByUserId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    LastEventByAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RejectionReason = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    SuggestedAgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    FailureReason = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    FailureDetails = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    CancellationReason = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Referrals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Referrals_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "AccessLogChain",
                columns: new[] { "Id", "LastAt", "LastEntryId", "LastHash" },
                values: new object[] { 1, null, 0L, "0000000000000000000000000000000000000000000000000000000000000000" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_AgencyId_Id",
                table: "AccessLog",
                columns: new[] { "AgencyId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_At",
                table: "AccessLog",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_CaseId_At",
                table: "AccessLog",
                columns: new[] { "CaseId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_RegionCode_Id",
                table: "AccessLog",
                columns: new[] { "RegionCode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_SubjectId_At",
                table: "AccessLog",
                columns: new[] { "SubjectId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_UserId_Id",
                table: "AccessLog",
                columns: new[] { "UserId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Agencies_RegionCode_MunicipalityCode",
                table: "Agencies",
                columns: new[] { "RegionCode", "MunicipalityCode" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_CaseNumber",
                table: "Cases",
                column: "CaseNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_LeadAgencyId",
                table: "Cases",
                column: "LeadAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OpenedAt_Id",
                table: "Cases",
                columns: new[] { "OpenedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OpenedByAgencyId",
                table: "Cases",
                column: "OpenedByAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_PersonIdentityNumberHash",
                table: "Cases",
                column: "PersonIdentityNumberHash");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ProposedLeadAgencyId",
                table: "Cases",
                column: "ProposedLeadAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_RegionCode_Status",
                table: "Cases",
                columns: new[] { "RegionCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_SubjectId",
                table: "Cases",
                column: "SubjectId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Consents_CaseId",
                table: "Consents",
                column: "CaseId");

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

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_CaseId",
                table: "Referrals",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_FromAgencyId_RequestedAt_Id",
                table: "Referrals",
                columns: new[] { "FromAgencyId", "RequestedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_ToAgencyId_RequestedAt_Id",
                table: "Referrals",
                columns: new[] { "ToAgencyId", "RequestedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TimelineEntries_CaseId_At",
                table: "TimelineEntries",
                columns: new[] { "CaseId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccessLog");

            migrationBuilder.DropTable(
                name: "AccessLogChain");

            migrationBuilder.DropTable(
                name: "Agencies");

            migrationBuilder.DropTable(
                name: "Consents");

            migrationBuilder.DropTable(
                name: "IdempotencyKeys");

            migrationBuilder.DropTable(
                name: "LeadHandovers");

            migrationBuilder.DropTable(
                name: "Referrals");

            migrationBuilder.DropTable(
                name: "TimelineEntries");

            migrationBuilder.DropTable(
                name: "Cases");
        }
    }
}
