using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attune.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Incidents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IncidentAlertRules",
                columns: table => new
                {
                    SchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    DysregulationCount = table.Column<int>(type: "integer", nullable: false),
                    DysregulationSchoolDays = table.Column<int>(type: "integer", nullable: false),
                    InterventionAlertsLead = table.Column<bool>(type: "boolean", nullable: false),
                    RisingPercent = table.Column<int>(type: "integer", nullable: false),
                    RisingMinimum = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentAlertRules", x => x.SchoolId);
                });

            migrationBuilder.CreateTable(
                name: "IncidentOptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    List = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    Retired = table.Column<bool>(type: "boolean", nullable: false),
                    Positive = table.Column<bool>(type: "boolean", nullable: false),
                    Dysregulation = table.Column<bool>(type: "boolean", nullable: false),
                    OffSite = table.Column<bool>(type: "boolean", nullable: false),
                    Unstructured = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentOptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    OccurredAt = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: true),
                    TypeName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Positive = table.Column<bool>(type: "boolean", nullable: false),
                    Dysregulation = table.Column<bool>(type: "boolean", nullable: false),
                    SeverityName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    SeverityRank = table.Column<int>(type: "integer", nullable: false),
                    LocationName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    OffSite = table.Column<bool>(type: "boolean", nullable: false),
                    PeriodName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Unstructured = table.Column<bool>(type: "boolean", nullable: false),
                    Lesson = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Antecedent = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Behaviour = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Consequence = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Triggers = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Strategies = table.Column<string>(type: "text", nullable: false),
                    OtherStrategies = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Injuries = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Damage = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ParentsInformed = table.Column<bool>(type: "boolean", nullable: false),
                    ParentsInformedWho = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ParentsInformedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ParentsInformedHow = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    FollowUp = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    FollowUpDoneUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FollowUpDoneByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecordedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EnteredInErrorUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EnteredInErrorReason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    EnteredInErrorByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IncidentAmendments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Field = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Before = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    After = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentAmendments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentAmendments_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncidentPupils",
                columns: table => new
                {
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    PupilId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Stage = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentPupils", x => new { x.IncidentId, x.PupilId });
                    table.ForeignKey(
                        name: "FK_IncidentPupils_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IncidentPupils_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncidentStaff",
                columns: table => new
                {
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    StaffUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentStaff", x => new { x.IncidentId, x.StaffUserId });
                    table.ForeignKey(
                        name: "FK_IncidentStaff_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PhysicalInterventions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    PupilId = table.Column<Guid>(type: "uuid", nullable: false),
                    Technique = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    StartedAt = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    EndedAt = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Injuries = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    PupilDebrief = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    StaffDebrief = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ParentsInformedSameDay = table.Column<bool>(type: "boolean", nullable: false),
                    Staff = table.Column<string>(type: "text", nullable: false),
                    ReviewedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReviewedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReviewedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReviewNote = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PhysicalInterventions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PhysicalInterventions_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PhysicalInterventions_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RestorativeRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    PupilId = table.Column<Guid>(type: "uuid", nullable: true),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "date", nullable: false),
                    WhatHappened = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    WhoAffected = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    WhatNeeded = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AgreedRepair = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RepairByOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RepairDoneUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RepairDoneByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PupilView = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RecordedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RestorativeRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RestorativeRecords_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RestorativeRecords_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentAmendments_IncidentId",
                table: "IncidentAmendments",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentOptions_SchoolId_List_Name",
                table: "IncidentOptions",
                columns: new[] { "SchoolId", "List", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncidentPupils_PupilId",
                table: "IncidentPupils",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentStaff_StaffUserId",
                table: "IncidentStaff",
                column: "StaffUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_RecordedByUserId",
                table: "Incidents",
                column: "RecordedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_SchoolId_OccurredOn",
                table: "Incidents",
                columns: new[] { "SchoolId", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PhysicalInterventions_IncidentId",
                table: "PhysicalInterventions",
                column: "IncidentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PhysicalInterventions_PupilId",
                table: "PhysicalInterventions",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_PhysicalInterventions_SchoolId_ReviewedUtc",
                table: "PhysicalInterventions",
                columns: new[] { "SchoolId", "ReviewedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_RestorativeRecords_IncidentId",
                table: "RestorativeRecords",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_RestorativeRecords_PupilId",
                table: "RestorativeRecords",
                column: "PupilId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IncidentAlertRules");

            migrationBuilder.DropTable(
                name: "IncidentAmendments");

            migrationBuilder.DropTable(
                name: "IncidentOptions");

            migrationBuilder.DropTable(
                name: "IncidentPupils");

            migrationBuilder.DropTable(
                name: "IncidentStaff");

            migrationBuilder.DropTable(
                name: "PhysicalInterventions");

            migrationBuilder.DropTable(
                name: "RestorativeRecords");

            migrationBuilder.DropTable(
                name: "Incidents");
        }
    }
}
