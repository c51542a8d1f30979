using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MuniSocial.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CommentsAndBadDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DailyChecks_AccountId_Day_UserId",
                table: "DailyChecks");

            migrationBuilder.AddColumn<string>(
                name: "CategoryDScope",
                table: "SectionPostSettings",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CommentId",
                table: "Posts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "FormalDueOn",
                table: "Posts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Interim",
                table: "Posts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PublicSourceUrl",
                table: "Posts",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublicSourceUrl",
                table: "PostRounds",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Additional",
                table: "DailyChecks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "FindingHandledAt",
                table: "DailyChecks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FindingHandledByName",
                table: "DailyChecks",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "KnownKinds",
                table: "ContentCheckSettings",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "Comments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SectionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AuthorHandle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PostId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PlatformCommentId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    IdentityKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TextSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EnteredById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    EnteredByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EnteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    NoActionReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReplyPostId = table.Column<Guid>(type: "TEXT", nullable: true),
                    InterimPostId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FormalDueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AnsweredPostId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RedactedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Moderation = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ModerationCategoryNumbers = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ModerationNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ModeratedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ModeratedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ModeratedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Comments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Comments_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Comments_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Comments_Sections_SectionId",
                        column: x => x.SectionId,
                        principalTable: "Sections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CommentSettings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RetentionDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommentSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SectionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FakeUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    FakeUrlNormalized = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CompromisedSince = table.Column<long>(type: "INTEGER", nullable: true),
                    SourceDailyCheckId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SourceAccountReviewId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    OpenedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClosingNote = table.Column<string>(type: "TEXT", maxLength: 6000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboxMails",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ToName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMails", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IncidentAccounts",
                columns: table => new
                {
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentAccounts", x => new { x.IncidentId, x.AccountId });
                    table.ForeignKey(
                        name: "FK_IncidentAccounts_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IncidentAccounts_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentPosts",
                columns: table => new
                {
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PostId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentPosts", x => new { x.IncidentId, x.PostId });
                    table.ForeignKey(
                        name: "FK_IncidentPosts_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IncidentPosts_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncidentSteps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PlaybookItem = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentSteps_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PublicWarnings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    FakeUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    FakeUrlNormalized = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CompromisedSince = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WithdrawnByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    WithdrawalReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublicWarnings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PublicWarnings_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PublishingPauses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PausedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PausedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    PausedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LiftedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LiftedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LiftNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublishingPauses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PublishingPauses_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HeldPosts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PauseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PostId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SectionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LiftedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeldPosts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HeldPosts_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HeldPosts_PublishingPauses_PauseId",
                        column: x => x.PauseId,
                        principalTable: "PublishingPauses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Posts_CommentId",
                table: "Posts",
                column: "CommentId");

            migrationBuilder.CreateIndex(
                name: "IX_DailyChecks_AccountId_Day_UserId",
                table: "DailyChecks",
                columns: new[] { "AccountId", "Day", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_Comments_AccountId_IdentityKey",
                table: "Comments",
                columns: new[] { "AccountId", "IdentityKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Comments_PostId",
                table: "Comments",
                column: "PostId");

            migrationBuilder.CreateIndex(
                name: "IX_Comments_SectionId_Status",
                table: "Comments",
                columns: new[] { "SectionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Comments_Status_ClosedAt",
                table: "Comments",
                columns: new[] { "Status", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_HeldPosts_PauseId_PostId",
                table: "HeldPosts",
                columns: new[] { "PauseId", "PostId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HeldPosts_PostId_Outcome",
                table: "HeldPosts",
                columns: new[] { "PostId", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_HeldPosts_SectionId_Outcome",
                table: "HeldPosts",
                columns: new[] { "SectionId", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentAccounts_AccountId",
                table: "IncidentAccounts",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentPosts_PostId",
                table: "IncidentPosts",
                column: "PostId");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_SectionId",
                table: "Incidents",
                column: "SectionId");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Status_OpenedAt",
                table: "Incidents",
                columns: new[] { "Status", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentSteps_IncidentId_At",
                table: "IncidentSteps",
                columns: new[] { "IncidentId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMails_SentAt_NextAttemptAt",
                table: "OutboxMails",
                columns: new[] { "SentAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMails_Topic",
                table: "OutboxMails",
                column: "Topic");

            migrationBuilder.CreateIndex(
                name: "IX_PublicWarnings_AccountId",
                table: "PublicWarnings",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_PublicWarnings_FakeUrlNormalized",
                table: "PublicWarnings",
                column: "FakeUrlNormalized");

            migrationBuilder.CreateIndex(
                name: "IX_PublicWarnings_IncidentId",
                table: "PublicWarnings",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_PublishingPauses_AccountId_LiftedAt",
                table: "PublishingPauses",
                columns: new[] { "AccountId", "LiftedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PublishingPauses_IncidentId",
                table: "PublishingPauses",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_PublishingPauses_LiftedAt",
                table: "PublishingPauses",
                column: "LiftedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Comments");

            migrationBuilder.DropTable(
                name: "CommentSettings");

            migrationBuilder.DropTable(
                name: "HeldPosts");

            migrationBuilder.DropTable(
                name: "IncidentAccounts");

            migrationBuilder.DropTable(
                name: "IncidentPosts");

            migrationBuilder.DropTable(
                name: "IncidentSteps");

            migrationBuilder.DropTable(
                name: "OutboxMails");

            migrationBuilder.DropTable(
                name: "PublicWarnings");

            migrationBuilder.DropTable(
                name: "PublishingPauses");

            migrationBuilder.DropTable(
                name: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Posts_CommentId",
                table: "Posts");

            migrationBuilder.DropIndex(
                name: "IX_DailyChecks_AccountId_Day_UserId",
                table: "DailyChecks");

            migrationBuilder.DropColumn(
                name: "CategoryDScope",
                table: "SectionPostSettings");

            migrationBuilder.DropColumn(
                name: "CommentId",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "FormalDueOn",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "Interim",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "PublicSourceUrl",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "PublicSourceUrl",
                table: "PostRounds");

            migrationBuilder.DropColumn(
                name: "Additional",
                table: "DailyChecks");

            migrationBuilder.DropColumn(
                name: "FindingHandledAt",
                table: "DailyChecks");

            migrationBuilder.DropColumn(
                name: "FindingHandledByName",
                table: "DailyChecks");

            migrationBuilder.DropColumn(
                name: "KnownKinds",
                table: "ContentCheckSettings");

            migrationBuilder.CreateIndex(
                name: "IX_DailyChecks_AccountId_Day_UserId",
                table: "DailyChecks",
                columns: new[] { "AccountId", "Day", "UserId" },
                unique: true);
        }
    }
}
