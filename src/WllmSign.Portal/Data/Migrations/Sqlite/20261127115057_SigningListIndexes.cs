using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WllmSign.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SigningListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StudentIdNumber",
                table: "Signings",
                type: "TEXT",
                maxLength: 18,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StudentMajor",
                table: "Signings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StudentName",
                table: "Signings",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            // Fill the copies of existing signings, then let the database keep them (decision 015).
            foreach (var sql in SigningSearchCopies.SqliteUp) migrationBuilder.Sql(sql);

            migrationBuilder.CreateIndex(
                name: "IX_Signings_EmployerList",
                table: "Signings",
                columns: new[] { "EmployerId", "InvitedAt", "Id", "Status", "Deadline", "SchoolId", "GraduationYear", "TerminationRequestedBy", "StudentName", "StudentIdNumber", "StudentMajor" });

            migrationBuilder.CreateIndex(
                name: "IX_Signings_SchoolList",
                table: "Signings",
                columns: new[] { "SchoolId", "InvitedAt", "Id", "Status", "Deadline", "GraduationYear", "EmployerId", "StudentName", "StudentIdNumber", "StudentMajor" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in SigningSearchCopies.SqliteDown) migrationBuilder.Sql(sql);

            migrationBuilder.DropIndex(
                name: "IX_Signings_EmployerList",
                table: "Signings");

            migrationBuilder.DropIndex(
                name: "IX_Signings_SchoolList",
                table: "Signings");

            migrationBuilder.DropColumn(
                name: "StudentIdNumber",
                table: "Signings");

            migrationBuilder.DropColumn(
                name: "StudentMajor",
                table: "Signings");

            migrationBuilder.DropColumn(
                name: "StudentName",
                table: "Signings");
        }
    }
}
