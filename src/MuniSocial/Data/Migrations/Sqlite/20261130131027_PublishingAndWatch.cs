using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MuniSocial.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PublishingAndWatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OutsideNote",
                table: "Posts",
                type: "TEXT",
                maxLength: 2500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlatformPostId",
                table: "Posts",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublishedVia",
                table: "Posts",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Manual"); // posts published before the connectors were recorded by hand

            migrationBuilder.CreateTable(
                name: "AccountConnections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SectionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProtectedSecrets = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    PublicJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ConnectedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ConnectedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ConnectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LastErrorAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastWatchedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastWatchError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountConnections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AccountConnections_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InboundEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RawJson = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CommentId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InboundEvents_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ObservedPosts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SectionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PlatformPostId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 70000, nullable: false),
                    PostedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PostId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ApprovedText = table.Column<string>(type: "TEXT", maxLength: 70000, nullable: true),
                    Resolution = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ResolvedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OutsideAuthor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OutsideReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservedPosts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ObservedPosts_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Publications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PostId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SectionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 69206, nullable: false),
                    ReplyTargetJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    NotBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    FirstAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PlatformPostId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    PlatformUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LastErrorAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Publications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Publications_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Posts_AccountId_PlatformPostId",
                table: "Posts",
                columns: new[] { "AccountId", "PlatformPostId" });

            migrationBuilder.CreateIndex(
                name: "IX_AccountConnections_AccountId",
                table: "AccountConnections",
                column: "AccountId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboundEvents_AccountId_EventId",
                table: "InboundEvents",
                columns: new[] { "AccountId", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboundEvents_ProcessedAt",
                table: "InboundEvents",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ObservedPosts_AccountId_PlatformPostId",
                table: "ObservedPosts",
                columns: new[] { "AccountId", "PlatformPostId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ObservedPosts_Verdict_Resolution",
                table: "ObservedPosts",
                columns: new[] { "Verdict", "Resolution" });

            migrationBuilder.CreateIndex(
                name: "IX_Publications_AccountId_State",
                table: "Publications",
                columns: new[] { "AccountId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Publications_PostId",
                table: "Publications",
                column: "PostId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Publications_State_NextAttemptAt",
                table: "Publications",
                columns: new[] { "State", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountConnections");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "InboundEvents");

            migrationBuilder.DropTable(
                name: "ObservedPosts");

            migrationBuilder.DropTable(
                name: "Publications");

            migrationBuilder.DropIndex(
                name: "IX_Posts_AccountId_PlatformPostId",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "OutsideNote",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "PlatformPostId",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "PublishedVia",
                table: "Posts");
        }
    }
}
