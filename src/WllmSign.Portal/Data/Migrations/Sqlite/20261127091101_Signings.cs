using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WllmSign.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Signings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SigningInfoConfirmedAt",
                table: "Employers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SigningInfo_ArchiveForwardAddress",
                table: "Employers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SigningInfo_ArchiveForwardContact",
                table: "Employers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SigningInfo_ArchiveForwardPhone",
                table: "Employers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SigningInfo_ArchiveForwardPostcode",
                table: "Employers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SigningInfo_ArchiveForwardUnit",
                table: "Employers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SigningInfo_ArchiveReceiving",
                table: "Employers",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SigningInfo_HukouAddress",
                table: "Employers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SigningInfo_HukouReceivingType",
                table: "Employers",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SigningInfo_Location",
                table: "Employers",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SigningInfo_Nature",
                table: "Employers",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AgreementCounters",
                columns: table => new
                {
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    GraduationYear = table.Column<int>(type: "INTEGER", nullable: false),
                    LastSequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgreementCounters", x => new { x.SchoolId, x.GraduationYear });
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecipientKind = table.Column<int>(type: "INTEGER", nullable: false),
                    RecipientId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Link = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Outbox",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ToAddress = table.Column<string>(type: "TEXT", nullable: false),
                    ToName = table.Column<string>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", nullable: false),
                    HtmlBody = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SendList",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EmployerId = table.Column<int>(type: "INTEGER", nullable: false),
                    StudentId = table.Column<int>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SendList", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SendList_Employers_EmployerId",
                        column: x => x.EmployerId,
                        principalTable: "Employers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SendList_Students_StudentId",
                        column: x => x.StudentId,
                        principalTable: "Students",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Signings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EmployerId = table.Column<int>(type: "INTEGER", nullable: false),
                    StudentId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    GraduationYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Offer_JobCategory = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Offer_Position = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Offer_FeedbackDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Offer_ProbationDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Offer_ProbationSalary = table.Column<int>(type: "INTEGER", nullable: false),
                    Offer_RegularSalary = table.Column<int>(type: "INTEGER", nullable: false),
                    Offer_Penalty = table.Column<int>(type: "INTEGER", nullable: false),
                    Offer_ReportPlace = table.Column<string>(type: "TEXT", nullable: false),
                    Offer_ReportDeadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Offer_WorkPlace = table.Column<string>(type: "TEXT", nullable: false),
                    Offer_ContactName = table.Column<string>(type: "TEXT", nullable: false),
                    Offer_ContactPhone = table.Column<string>(type: "TEXT", nullable: false),
                    Offer_ArchiveReceiving = table.Column<string>(type: "TEXT", nullable: false),
                    Offer_ArchiveForwardUnit = table.Column<string>(type: "TEXT", nullable: true),
                    Offer_ArchiveForwardAddress = table.Column<string>(type: "TEXT", nullable: true),
                    Offer_ArchiveForwardPostcode = table.Column<string>(type: "TEXT", nullable: true),
                    Offer_ArchiveForwardContact = table.Column<string>(type: "TEXT", nullable: true),
                    Offer_ArchiveForwardPhone = table.Column<string>(type: "TEXT", nullable: true),
                    Offer_HukouReceivingType = table.Column<string>(type: "TEXT", nullable: false),
                    Offer_HukouAddress = table.Column<string>(type: "TEXT", nullable: true),
                    InvitedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Deadline = table.Column<long>(type: "INTEGER", nullable: false),
                    RespondedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeclineReason = table.Column<string>(type: "TEXT", nullable: true),
                    VerifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    VerificationRemark = table.Column<string>(type: "TEXT", nullable: true),
                    AgreementNumber = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    VerificationCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    TerminationRequestedBy = table.Column<int>(type: "INTEGER", nullable: true),
                    TerminationReason = table.Column<string>(type: "TEXT", nullable: true),
                    TerminationRequestedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TerminationAnswerReason = table.Column<string>(type: "TEXT", nullable: true),
                    TerminationAnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TerminationVerifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TerminationVerificationRemark = table.Column<string>(type: "TEXT", nullable: true),
                    TerminationVerificationRejected = table.Column<bool>(type: "INTEGER", nullable: false),
                    EmployerTerminationUsed = table.Column<bool>(type: "INTEGER", nullable: false),
                    StudentTerminationUsed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Signings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Signings_Employers_EmployerId",
                        column: x => x.EmployerId,
                        principalTable: "Employers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Signings_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Signings_Students_StudentId",
                        column: x => x.StudentId,
                        principalTable: "Students",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SigningTrail",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Remark = table.Column<string>(type: "TEXT", nullable: true),
                    SigningId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SigningTrail", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SigningTrail_Signings_SigningId",
                        column: x => x.SigningId,
                        principalTable: "Signings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_RecipientKind_RecipientId_ReadAt_CreatedAt",
                table: "Notifications",
                columns: new[] { "RecipientKind", "RecipientId", "ReadAt", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_SentAt_NextAttemptAt",
                table: "Outbox",
                columns: new[] { "SentAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SendList_EmployerId_StudentId",
                table: "SendList",
                columns: new[] { "EmployerId", "StudentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SendList_StudentId",
                table: "SendList",
                column: "StudentId");

            migrationBuilder.CreateIndex(
                name: "IX_Signings_AgreementNumber",
                table: "Signings",
                column: "AgreementNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Signings_EmployerId_Status_InvitedAt",
                table: "Signings",
                columns: new[] { "EmployerId", "Status", "InvitedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Signings_SchoolId_Status_InvitedAt",
                table: "Signings",
                columns: new[] { "SchoolId", "Status", "InvitedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Signings_Status_Deadline",
                table: "Signings",
                columns: new[] { "Status", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_Signings_StudentId_Status",
                table: "Signings",
                columns: new[] { "StudentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_SigningTrail_SigningId",
                table: "SigningTrail",
                column: "SigningId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgreementCounters");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "Outbox");

            migrationBuilder.DropTable(
                name: "SendList");

            migrationBuilder.DropTable(
                name: "SigningTrail");

            migrationBuilder.DropTable(
                name: "Signings");

            migrationBuilder.DropColumn(
                name: "SigningInfoConfirmedAt",
                table: "Employers");

            migrationBuilder.DropColumn(
                name: "SigningInfo_ArchiveForwardAddress",
                table: "Employers");

            migrationBuilder.DropColumn(
                name: "SigningInfo_ArchiveForwardContact",
                table: "Employers");

            migrationBuilder.DropColumn(
                name: "SigningInfo_ArchiveForwardPhone",
                table: "Employers");

            migrationBuilder.DropColumn(
                name: "SigningInfo_ArchiveForwardPostcode",
                table: "Employers");

            migrationBuilder.DropColumn(
                name: "SigningInfo_ArchiveForwardUnit",
                table: "Employers");

            migrationBuilder.DropColumn(
                name: "SigningInfo_ArchiveReceiving",
                table: "Employers");

            migrationBuilder.DropColumn(
                name: "SigningInfo_HukouAddress",
                table: "Employers");

            migrationBuilder.DropColumn(
                name: "SigningInfo_HukouReceivingType",
                table: "Employers");

            migrationBuilder.DropColumn(
                name: "SigningInfo_Location",
                table: "Employers");

            migrationBuilder.DropColumn(
                name: "SigningInfo_Nature",
                table: "Employers");
        }
    }
}
