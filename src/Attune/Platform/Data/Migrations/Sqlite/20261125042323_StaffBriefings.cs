using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attune.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StaffBriefings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StaffBriefings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PupilId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SchoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SentByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SentByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SentUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffBriefings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaffBriefingRecipients",
                columns: table => new
                {
                    BriefingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StaffUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReadUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DigestedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffBriefingRecipients", x => new { x.BriefingId, x.StaffUserId });
                    table.ForeignKey(
                        name: "FK_StaffBriefingRecipients_StaffBriefings_BriefingId",
                        column: x => x.BriefingId,
                        principalTable: "StaffBriefings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StaffBriefingRecipients_StaffUserId_ReadUtc",
                table: "StaffBriefingRecipients",
                columns: new[] { "StaffUserId", "ReadUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_StaffBriefings_PupilId_SentUtc",
                table: "StaffBriefings",
                columns: new[] { "PupilId", "SentUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StaffBriefingRecipients");

            migrationBuilder.DropTable(
                name: "StaffBriefings");
        }
    }
}
