using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attune.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddConcernDecisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedUtc",
                table: "Concerns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LevelOfNeed",
                table: "Concerns",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "OwnerUserId",
                table: "Concerns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConcernDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConcernId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LevelOfNeed = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PreviousLevelOfNeed = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    OwnerName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConcernDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConcernDecisions_Concerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "Concerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_OwnerUserId",
                table: "Concerns",
                column: "OwnerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ConcernDecisions_ConcernId_RecordedUtc",
                table: "ConcernDecisions",
                columns: new[] { "ConcernId", "RecordedUtc" });

            migrationBuilder.AddForeignKey(
                name: "FK_Concerns_AspNetUsers_OwnerUserId",
                table: "Concerns",
                column: "OwnerUserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Concerns_AspNetUsers_OwnerUserId",
                table: "Concerns");

            migrationBuilder.DropTable(
                name: "ConcernDecisions");

            migrationBuilder.DropIndex(
                name: "IX_Concerns_OwnerUserId",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "ClosedUtc",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "LevelOfNeed",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "OwnerUserId",
                table: "Concerns");
        }
    }
}
