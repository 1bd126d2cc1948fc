using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attune.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddChildProtectionFileTransfer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "OwnerUserId",
                table: "SafeguardingActions",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "ReceivedFrom",
                table: "Concerns",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReceivedUtc",
                table: "Concerns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ProtectionFileTransfers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PupilId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SchoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToSchool = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ToSchoolUrn = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ToPerson = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    SentOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RecordedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SentByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Concerns = table.Column<int>(type: "INTEGER", nullable: false),
                    PackageLength = table.Column<long>(type: "INTEGER", nullable: false),
                    PackageSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReceiptCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReceiptConfirmedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReceiptConfirmedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReceiptCodeMatched = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReceiptRecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    UnconfirmedAlertUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProtectionFileTransfers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProtectionFileTransfers_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReceivedProtectionFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PupilId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SchoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromSchool = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FromUrn = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ExportedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExportedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ImportedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PackageSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Concerns = table.Column<int>(type: "INTEGER", nullable: false),
                    ChronologyPdf = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceivedProtectionFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReceivedProtectionFiles_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProtectionFilePackages",
                columns: table => new
                {
                    TransferId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProtectionFilePackages", x => x.TransferId);
                    table.ForeignKey(
                        name: "FK_ProtectionFilePackages_ProtectionFileTransfers_TransferId",
                        column: x => x.TransferId,
                        principalTable: "ProtectionFileTransfers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProtectionFileTransfers_PupilId_SentOn",
                table: "ProtectionFileTransfers",
                columns: new[] { "PupilId", "SentOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ProtectionFileTransfers_SchoolId_ReceiptConfirmedOn",
                table: "ProtectionFileTransfers",
                columns: new[] { "SchoolId", "ReceiptConfirmedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ReceivedProtectionFiles_PackageSha256",
                table: "ReceivedProtectionFiles",
                column: "PackageSha256");

            migrationBuilder.CreateIndex(
                name: "IX_ReceivedProtectionFiles_PupilId",
                table: "ReceivedProtectionFiles",
                column: "PupilId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProtectionFilePackages");

            migrationBuilder.DropTable(
                name: "ReceivedProtectionFiles");

            migrationBuilder.DropTable(
                name: "ProtectionFileTransfers");

            migrationBuilder.DropColumn(
                name: "ReceivedFrom",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "ReceivedUtc",
                table: "Concerns");

            migrationBuilder.AlterColumn<Guid>(
                name: "OwnerUserId",
                table: "SafeguardingActions",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
