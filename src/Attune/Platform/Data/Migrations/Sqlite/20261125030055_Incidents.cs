using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attune.Platform.Data.Migrations.Sqlite
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
                    SchoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DysregulationCount = table.Column<int>(type: "INTEGER", nullable: false),
                    DysregulationSchoolDays = table.Column<int>(type: "INTEGER", nullable: false),
                    InterventionAlertsLead = table.Column<bool>(type: "INTEGER", nullable: false),
                    RisingPercent = table.Column<int>(type: "INTEGER", nullable: false),
                    RisingMinimum = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentAlertRules", x => x.SchoolId);
                });

            migrationBuilder.CreateTable(
                name: "IncidentOptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SchoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    List = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    Retired = table.Column<bool>(type: "INTEGER", nullable: false),
                    Positive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Dysregulation = table.Column<bool>(type: "INTEGER", nullable: false),
                    OffSite = table.Column<bool>(type: "INTEGER", nullable: false),
                    Unstructured = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentOptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SchoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OccurredAt = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    TypeName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Positive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Dysregulation = table.Column<bool>(type: "INTEGER", nullable: false),
                    SeverityName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    SeverityRank = table.Column<int>(type: "INTEGER", nullable: false),
                    LocationName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    OffSite = table.Column<bool>(type: "INTEGER", nullable: false),
                    PeriodName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Unstructured = table.Column<bool>(type: "INTEGER", nullable: false),
                    Lesson = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Antecedent = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Behaviour = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Consequence = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Triggers = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Strategies = table.Column<string>(type: "TEXT", nullable: false),
                    OtherStrategies = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Injuries = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Damage = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ParentsInformed = table.Column<bool>(type: "INTEGER", nullable: false),
                    ParentsInformedWho = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ParentsInformedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ParentsInformedHow = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    FollowUp = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    FollowUpDoneUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FollowUpDoneByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecordedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EnteredInErrorUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EnteredInErrorReason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    EnteredInErrorByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IncidentAmendments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Before = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    After = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PupilId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true)
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
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StaffUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SchoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PupilId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Technique = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    StartedAt = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Injuries = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    PupilDebrief = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    StaffDebrief = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ParentsInformedSameDay = table.Column<bool>(type: "INTEGER", nullable: false),
                    Staff = table.Column<string>(type: "TEXT", nullable: false),
                    ReviewedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReviewedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReviewedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewNote = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PupilId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    WhatHappened = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    WhoAffected = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    WhatNeeded = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AgreedRepair = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RepairByOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RepairDoneUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RepairDoneByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PupilView = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RecordedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
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
