using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attune.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddCategoryRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RetainIndefinitely",
                table: "ConcernCategories",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Concerns already filed under the default sexual abuse categories are kept for good (IICSA).
            migrationBuilder.Sql(""""
                UPDATE "ConcernCategories" SET "RetainIndefinitely" = TRUE
                WHERE "Name" IN ('Sexual abuse', 'Child sexual exploitation');
                """");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RetainIndefinitely",
                table: "ConcernCategories");
        }
    }
}
