using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attune.Platform.Data.Migrations.Postgres
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LevelOfNeed",
                table: "Concerns",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "OwnerUserId",
                table: "Concerns",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConcernDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ConcernId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LevelOfNeed = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PreviousLevelOfNeed = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    OwnerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Decision = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    Reason = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true)
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
