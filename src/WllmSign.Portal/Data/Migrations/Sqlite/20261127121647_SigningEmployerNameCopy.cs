using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WllmSign.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SigningEmployerNameCopy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Signings_SchoolList",
                table: "Signings");

            migrationBuilder.AddColumn<string>(
                name: "EmployerName",
                table: "Signings",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            // Fill the employer's name of existing signings, then let the database keep it (decision 015).
            foreach (var sql in SigningSearchCopies.SqliteEmployerUp) migrationBuilder.Sql(sql);

            migrationBuilder.CreateIndex(
                name: "IX_Signings_SchoolList",
                table: "Signings",
                columns: new[] { "SchoolId", "InvitedAt", "Id", "Status", "Deadline", "GraduationYear", "EmployerId", "StudentName", "StudentIdNumber", "StudentMajor", "EmployerName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in SigningSearchCopies.SqliteEmployerDown) migrationBuilder.Sql(sql);

            migrationBuilder.DropIndex(
                name: "IX_Signings_SchoolList",
                table: "Signings");

            migrationBuilder.DropColumn(
                name: "EmployerName",
                table: "Signings");

            migrationBuilder.CreateIndex(
                name: "IX_Signings_SchoolList",
                table: "Signings",
                columns: new[] { "SchoolId", "InvitedAt", "Id", "Status", "Deadline", "GraduationYear", "EmployerId", "StudentName", "StudentIdNumber", "StudentMajor" });
        }
    }
}
