using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attune.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddPupilLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PupilLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FirstPupilId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SecondPupilId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EndedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PupilLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PupilLinks_Pupils_FirstPupilId",
                        column: x => x.FirstPupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PupilLinks_Pupils_SecondPupilId",
                        column: x => x.SecondPupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PupilLinks_FirstPupilId_SecondPupilId",
                table: "PupilLinks",
                columns: new[] { "FirstPupilId", "SecondPupilId" });

            migrationBuilder.CreateIndex(
                name: "IX_PupilLinks_SecondPupilId",
                table: "PupilLinks",
                column: "SecondPupilId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PupilLinks");
        }
    }
}
