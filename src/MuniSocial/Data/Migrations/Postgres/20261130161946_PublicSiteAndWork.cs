using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MuniSocial.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PublicSiteAndWork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AlternateUrls",
                table: "PolicyVersions",
                type: "character varying(2600)",
                maxLength: 2600,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "MailPreferences",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Off = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MailPreferences", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "PublicSiteVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Token = table.Column<Guid>(type: "uuid", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublicSiteVersions", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "PublicSiteVersions",
                columns: new[] { "Id", "ChangedAt", "Token" },
                values: new object[] { 1, new DateTimeOffset(new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), new Guid("00000000-0000-0000-0000-000000000000") });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MailPreferences");

            migrationBuilder.DropTable(
                name: "PublicSiteVersions");

            migrationBuilder.DropColumn(
                name: "AlternateUrls",
                table: "PolicyVersions");
        }
    }
}
