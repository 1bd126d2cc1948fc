using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attune.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddKeywork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CreatedByName",
                table: "KeyworkerAllocations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CreatedUtc",
                table: "KeyworkerAllocations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndedByName",
                table: "KeyworkerAllocations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EndedUtc",
                table: "KeyworkerAllocations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HandoverNote",
                table: "KeyworkerAllocations",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Role",
                table: "KeyworkerAllocations",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Primary");

            migrationBuilder.CreateTable(
                name: "DocumentVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    DocumentId = table.Column<Guid>(type: "uuid", nullable: false),
                    PupilId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    ReviewDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    SavedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SavedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    SavedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChangeNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KeyworkSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PupilId = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "date", nullable: false),
                    StartedAt = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false),
                    Themes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Discussed = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    PupilWords = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    StrategiesPractised = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    NextSteps = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    NextStepsDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    NextStepsDoneUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    NextStepsDoneByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ConcernId = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyworkSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KeyworkSessions_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "KeyworkThemes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    Retired = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeyworkThemes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PupilPassports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PupilId = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    ReviewDueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PupilPassports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PupilPassports_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WellbeingCheckIns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PupilId = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CheckedInUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WellbeingCheckIns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WellbeingCheckIns_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DocumentVersions_Kind_DocumentId_Number",
                table: "DocumentVersions",
                columns: new[] { "Kind", "DocumentId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DocumentVersions_PupilId",
                table: "DocumentVersions",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_KeyworkSessions_PupilId_HeldOn",
                table: "KeyworkSessions",
                columns: new[] { "PupilId", "HeldOn" });

            migrationBuilder.CreateIndex(
                name: "IX_KeyworkSessions_SchoolId_NextStepsDueOn",
                table: "KeyworkSessions",
                columns: new[] { "SchoolId", "NextStepsDueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_KeyworkThemes_SchoolId_Name",
                table: "KeyworkThemes",
                columns: new[] { "SchoolId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PupilPassports_PupilId",
                table: "PupilPassports",
                column: "PupilId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PupilPassports_SchoolId_ReviewDueOn",
                table: "PupilPassports",
                columns: new[] { "SchoolId", "ReviewDueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PupilPassports_SchoolId_UpdatedUtc",
                table: "PupilPassports",
                columns: new[] { "SchoolId", "UpdatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_WellbeingCheckIns_PupilId_CheckedInUtc",
                table: "WellbeingCheckIns",
                columns: new[] { "PupilId", "CheckedInUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DocumentVersions");

            migrationBuilder.DropTable(
                name: "KeyworkSessions");

            migrationBuilder.DropTable(
                name: "KeyworkThemes");

            migrationBuilder.DropTable(
                name: "PupilPassports");

            migrationBuilder.DropTable(
                name: "WellbeingCheckIns");

            migrationBuilder.DropColumn(
                name: "CreatedByName",
                table: "KeyworkerAllocations");

            migrationBuilder.DropColumn(
                name: "CreatedUtc",
                table: "KeyworkerAllocations");

            migrationBuilder.DropColumn(
                name: "EndedByName",
                table: "KeyworkerAllocations");

            migrationBuilder.DropColumn(
                name: "EndedUtc",
                table: "KeyworkerAllocations");

            migrationBuilder.DropColumn(
                name: "HandoverNote",
                table: "KeyworkerAllocations");

            migrationBuilder.DropColumn(
                name: "Role",
                table: "KeyworkerAllocations");
        }
    }
}
