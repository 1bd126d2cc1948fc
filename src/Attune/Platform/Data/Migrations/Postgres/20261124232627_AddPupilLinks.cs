using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attune.Platform.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FirstPupilId = table.Column<Guid>(type: "uuid", nullable: false),
                    SecondPupilId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EndedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
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
