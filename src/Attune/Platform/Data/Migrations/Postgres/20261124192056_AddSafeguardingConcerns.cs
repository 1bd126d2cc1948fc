using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attune.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddSafeguardingConcerns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConcernCategories",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DslOnly = table.Column<bool>(type: "boolean", nullable: false),
                    Retired = table.Column<bool>(type: "boolean", nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConcernCategories", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConcernCategories_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Concerns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReporterName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReporterJobTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecordedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    OccurredAt = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    Location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Account = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    ChildsWords = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    CategoryId = table.Column<Guid>(type: "uuid", nullable: false),
                    ActionTaken = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    OthersInformed = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Urgent = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AcknowledgedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Concerns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Concerns_ConcernCategories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "ConcernCategories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Concerns_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ConcernPupils",
                columns: table => new
                {
                    ConcernId = table.Column<Guid>(type: "uuid", nullable: false),
                    PupilId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConcernPupils", x => new { x.ConcernId, x.PupilId });
                    table.ForeignKey(
                        name: "FK_ConcernPupils_Concerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "Concerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ConcernPupils_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ConcernReadings",
                columns: table => new
                {
                    ConcernId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReadUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConcernReadings", x => new { x.ConcernId, x.UserId });
                    table.ForeignKey(
                        name: "FK_ConcernReadings_Concerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "Concerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConcernCategories_SchoolId_Name",
                table: "ConcernCategories",
                columns: new[] { "SchoolId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConcernPupils_PupilId",
                table: "ConcernPupils",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_CategoryId",
                table: "Concerns",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_ReportedByUserId_RecordedUtc",
                table: "Concerns",
                columns: new[] { "ReportedByUserId", "RecordedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_SchoolId_Status_RecordedUtc",
                table: "Concerns",
                columns: new[] { "SchoolId", "Status", "RecordedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConcernPupils");

            migrationBuilder.DropTable(
                name: "ConcernReadings");

            migrationBuilder.DropTable(
                name: "Concerns");

            migrationBuilder.DropTable(
                name: "ConcernCategories");
        }
    }
}
