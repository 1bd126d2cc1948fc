using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attune.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddSupervisionRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SupervisionEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PupilId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SchoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Plan = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Frequency = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    AssignedUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssignedName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReviewDueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AlertedDueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EndedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    EndNote = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupervisionEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupervisionEntries_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionEntries_PupilId",
                table: "SupervisionEntries",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_SupervisionEntries_SchoolId_EndedUtc",
                table: "SupervisionEntries",
                columns: new[] { "SchoolId", "EndedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SupervisionEntries");
        }
    }
}
