using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WllmSign.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OneActiveAgreementPerStudent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Signings_OneActiveAgreementPerStudent",
                table: "Signings",
                column: "StudentId",
                unique: true,
                filter: "\"Status\" IN (4, 6, 7, 8)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Signings_OneActiveAgreementPerStudent",
                table: "Signings");
        }
    }
}
