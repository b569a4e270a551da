using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CaseCoordination.Infrastructure.Persistence.Migrations.PostgreSql
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
                    Hash = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(2)", unicode: false, maxLength: 2, nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    Role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    CallingSystem = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Action = table.Column<string>(type: "character varying(60)", unicode: false, maxLength: 60, nullable: false),
                    ResourceType = table.Column<string>(type: "character varying(30)", unicode: false, maxLength: 30, nullable: false),
                    ResourceId = table.Column<Guid>(type: "uuid", nullable: true),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Basis = table.Column<string>(type: "character varying(1000)", unicode: false, maxLength: 1000, nullable: true),
                    RefusalCode = table.Column<string>(type: "character varying(60)", unicode: false, maxLength: 60, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AccessLogChain",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    LastEntryId = table.Column<long>(type: "bigint", nullable: false),
                    LastHash = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    LastAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessLogChain", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Agencies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(2)", unicode: false, maxLength: 2, nullable: false),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", unicode: false, maxLength: 4, nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    Needs = table.Column<string[]>(type: "text[]", maxLength: 1000, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Agencies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseNumber = table.Column<string>(type: "character varying(20)", unicode: false, maxLength: 20, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonName = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    PersonBirthDate = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    PersonBirthYear = table.Column<int>(type: "integer", nullable: true),
                    PersonIdentityNumber = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    PersonContact = table.Column<string>(type: "character varying(12000)", maxLength: 12000, nullable: true),
                    PersonNationality = table.Column<string>(type: "character varying(2)", unicode: false, maxLength: 2, nullable: true),
                    PersonLanguage = table.Column<string>(type: "character varying(20)", unicode: false, maxLength: 20, nullable: true),
                    PersonNeedsInterpreter = table.Column<bool>(type: "boolean", nullable: false),
                    PersonProtectedIdentity = table.Column<bool>(type: "boolean", nullable: false),
                    PersonComplexNeeds = table.Column<string[]>(type: "text[]", maxLength: 400, nullable: false),
                    PersonFirstExploitedAsChild = table.Column<bool>(type: "boolean", nullable: true),
                    PersonIdentityNumberHash = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: true),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", unicode: false, maxLength: 4, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(2)", unicode: false, maxLength: 2, nullable: false),
                    IntakeChannel = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Situation = table.Column<string>(type: "character varying(32134)", maxLength: 32134, nullable: true),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OpenedByAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    OpenedByUserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LeadAgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    LeadSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ChildAtOpening = table.Column<bool>(type: "boolean", nullable: false),
                    OtherNationality = table.Column<bool>(type: "boolean", nullable: false),
                    ComplexNeeds = table.Column<bool>(type: "boolean", nullable: false),
                    CloseJustification = table.Column<string>(type: "character varying(8134)", maxLength: 8134, nullable: true),
                    PendingLeadHandoverId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProposedLeadAgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    LeadHandoverProposedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WithoutLeadSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CaseSignalAnchors",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Signal = table.Column<string>(type: "character varying(40)", unicode: false, maxLength: 40, nullable: false),
                    ReferralId = table.Column<Guid>(type: "uuid", nullable: false),
                    Anchor = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AgencyToActId = table.Column<Guid>(type: "uuid", nullable: true),
                    RegionCode = table.Column<string>(type: "character varying(2)", unicode: false, maxLength: 2, nullable: false),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", unicode: false, maxLength: 4, nullable: false),
                    Need = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    FromAgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    ToAgencyId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseSignalAnchors", x => new { x.CaseId, x.Signal, x.ReferralId });
                });

            migrationBuilder.CreateTable(
                name: "DashboardTallies",
                columns: table => new
                {
                    RegionCode = table.Column<string>(type: "character varying(2)", unicode: false, maxLength: 2, nullable: false),
                    Grain = table.Column<string>(type: "character varying(8)", unicode: false, maxLength: 8, nullable: false),
                    Period = table.Column<int>(type: "integer", nullable: false),
                    Figure = table.Column<string>(type: "character varying(20)", unicode: false, maxLength: 20, nullable: false),
                    Dimension = table.Column<string>(type: "character varying(40)", unicode: false, maxLength: 40, nullable: false),
                    Key = table.Column<string>(type: "character varying(40)", unicode: false, maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", unicode: false, maxLength: 20, nullable: false),
                    Value = table.Column<int>(type: "integer", nullable: false),
                    Amount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DashboardTallies", x => new { x.RegionCode, x.Grain, x.Period, x.Figure, x.Dimension, x.Key, x.Status, x.Value });
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyKeys",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    LeaseToken = table.Column<Guid>(type: "uuid", nullable: false),
                    LeaseExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Committed = table.Column<bool>(type: "boolean", nullable: false),
                    Result = table.Column<byte[]>(type: "bytea", maxLength: 2097152, nullable: true),
                    Completed = table.Column<bool>(type: "boolean", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Location = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ETag = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Body = table.Column<byte[]>(type: "bytea", maxLength: 2097152, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyKeys", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "LegalBasisReviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReferralId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(2)", unicode: false, maxLength: 2, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    UsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UsedByAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    UsedByUserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ToAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReviewedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReviewedByUserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReviewNote = table.Column<string>(type: "character varying(8134)", maxLength: 8134, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LegalBasisReviews", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReadModelWindows",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(2000)", unicode: false, maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReadModelWindows", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TimelineEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReferralId = table.Column<Guid>(type: "uuid", nullable: true),
                    Kind = table.Column<string>(type: "character varying(60)", unicode: false, maxLength: 60, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ActorUserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ActorAgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorRole = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Detail = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimelineEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Consents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientAgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    RecipientKind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Categories = table.Column<string[]>(type: "text[]", maxLength: 400, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(8134)", maxLength: 8134, nullable: false),
                    Method = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    GivenBy = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ValidFrom = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ValidUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByUserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedByAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    WithdrawnAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WithdrawnByUserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromAgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    ToAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(8134)", maxLength: 8134, nullable: true),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ProposedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ProposedByUserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProposedByAgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProposedByRole = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeclineReason = table.Column<string>(type: "character varying(8134)", maxLength: 8134, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    ToAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Need = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Urgency = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SharedCategories = table.Column<string[]>(type: "text[]", maxLength: 400, nullable: false),
                    BasisKind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    BasisConsentId = table.Column<Guid>(type: "uuid", nullable: true),
                    BasisJustification = table.Column<string>(type: "character varying(8134)", maxLength: 8134, nullable: true),
                    Message = table.Column<string>(type: "character varying(32134)", maxLength: 32134, nullable: true),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SentByUserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FirstContactAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReceiveBy = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AnswerBy = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FirstContactBy = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastEventAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastEventByUserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LastEventByAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    RejectionReason = table.Column<string>(type: "character varying(8134)", maxLength: 8134, nullable: true),
                    SuggestedAgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    FailureReason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    FailureDetails = table.Column<string>(type: "character varying(8134)", maxLength: 8134, nullable: true),
                    CancellationReason = table.Column<string>(type: "character varying(8134)", maxLength: 8134, nullable: true),
                    MinutesToReceive = table.Column<int>(type: "integer", nullable: true),
                    MinutesToAnswer = table.Column<int>(type: "integer", nullable: true),
                    MinutesToFirstContact = table.Column<int>(type: "integer", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                name: "IX_AccessLog_CaseId_Id",
                table: "AccessLog",
                columns: new[] { "CaseId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_RegionCode_Id",
                table: "AccessLog",
                columns: new[] { "RegionCode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessLog_SubjectId_Id",
                table: "AccessLog",
                columns: new[] { "SubjectId", "Id" });

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
                name: "IX_Cases_SubjectId",
                table: "Cases",
                column: "SubjectId",
                unique: true);

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
                name: "IX_Consents_CaseId",
                table: "Consents",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_DashboardTallies_Grain_Figure_Dimension_Key_Status_Value_Pe~",
                table: "DashboardTallies",
                columns: new[] { "Grain", "Figure", "Dimension", "Key", "Status", "Value", "Period", "RegionCode", "Amount" });

            migrationBuilder.CreateIndex(
                name: "IX_DashboardTallies_RegionCode_Grain_Figure_Dimension_Key_Stat~",
                table: "DashboardTallies",
                columns: new[] { "RegionCode", "Grain", "Figure", "Dimension", "Key", "Status", "Value", "Period", "Amount" });

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
                name: "IX_LegalBasisReviews_ReferralId",
                table: "LegalBasisReviews",
                column: "ReferralId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LegalBasisReviews_RegionCode_ReviewedAt_UsedAt",
                table: "LegalBasisReviews",
                columns: new[] { "RegionCode", "ReviewedAt", "UsedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_CaseId_Need_RequestedAt_ToAgencyId_Status_EndedAt~",
                table: "Referrals",
                columns: new[] { "CaseId", "Need", "RequestedAt", "ToAgencyId", "Status", "EndedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_FromAgencyId_RequestedAt_Id",
                table: "Referrals",
                columns: new[] { "FromAgencyId", "RequestedAt", "Id" });

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
                name: "CaseSignalAnchors");

            migrationBuilder.DropTable(
                name: "Consents");

            migrationBuilder.DropTable(
                name: "DashboardTallies");

            migrationBuilder.DropTable(
                name: "IdempotencyKeys");

            migrationBuilder.DropTable(
                name: "LeadHandovers");

            migrationBuilder.DropTable(
                name: "LegalBasisReviews");

            migrationBuilder.DropTable(
                name: "ReadModelWindows");

            migrationBuilder.DropTable(
                name: "Referrals");

            migrationBuilder.DropTable(
                name: "TimelineEntries");

            migrationBuilder.DropTable(
                name: "Cases");
        }
    }
}
