namespace WllmSign.Portal.Data;

/// <summary>
/// The student fields the data-management lists filter on, copied into <c>Signings</c> (decision 015) so that a
/// filtered page and its count read one table through one index. The copies are EF shadow properties that EF never
/// writes (save behaviour Ignore): the database keeps them equal to the student's row with triggers, whatever writes
/// a signing or a student (a service, an import, raw SQL, the data generator). Queries filter on the copies and still
/// read the shown values from <c>Students</c> and <c>Employers</c>. The SQL below is run by the initial migrations
/// <c>InitialCreate</c>/<c>InitialPostgres</c> (the sets were squashed in decision 034; decision 015 added the copies):
/// never edit it, add a migration with the change instead.
/// </summary>
public static class SigningSearchCopies
{
    public const string StudentName = "StudentName";
    public const string StudentIdNumber = "StudentIdNumber";
    public const string StudentMajor = "StudentMajor";
    /// <summary>The employer's name (the school list's 用人单位 filter).</summary>
    public const string EmployerName = "EmployerName";

    /// <summary>Each copy, the student column it copies and its length (as the student's column).</summary>
    public static IReadOnlyList<(string Column, string Source, int? MaxLength)> Columns { get; } =
    [
        (StudentName, "Name", 60),
        (StudentIdNumber, "IdNumber", 18),
        (StudentMajor, "Major", null),
        (EmployerName, "Name", 60),
    ];

    /// <summary>
    /// SQLite: the four triggers that keep the copies. A new signing takes the student's and the employer's values; a
    /// signing moved to another student takes the new student's; a roster correction (姓名, 身份证号, 专业) or a renamed
    /// employer reaches every signing of theirs.
    /// </summary>
    public static IReadOnlyList<string> SqliteCreate { get; } =
    [
        """
        CREATE TRIGGER "TR_Signings_CopyStudentOnMove" AFTER UPDATE OF "StudentId" ON "Signings"
        BEGIN
            UPDATE "Signings" SET ("StudentName", "StudentIdNumber", "StudentMajor") =
                (SELECT "Name", "IdNumber", "Major" FROM "Students" WHERE "Id" = NEW."StudentId")
            WHERE "Id" = NEW."Id";
        END;
        """,
        """
        CREATE TRIGGER "TR_Students_CopyToSignings" AFTER UPDATE OF "Name", "IdNumber", "Major" ON "Students"
        BEGIN
            UPDATE "Signings" SET "StudentName" = NEW."Name", "StudentIdNumber" = NEW."IdNumber", "StudentMajor" = NEW."Major"
            WHERE "StudentId" = NEW."Id";
        END;
        """,
        """
        CREATE TRIGGER "TR_Signings_CopyNames" AFTER INSERT ON "Signings"
        BEGIN
            UPDATE "Signings" SET ("StudentName", "StudentIdNumber", "StudentMajor") =
                (SELECT "Name", "IdNumber", "Major" FROM "Students" WHERE "Id" = NEW."StudentId"),
                "EmployerName" = (SELECT "Name" FROM "Employers" WHERE "Id" = NEW."EmployerId")
            WHERE "Id" = NEW."Id";
        END;
        """,
        """
        CREATE TRIGGER "TR_Employers_CopyToSignings" AFTER UPDATE OF "Name" ON "Employers"
        BEGIN
            UPDATE "Signings" SET "EmployerName" = NEW."Name" WHERE "EmployerId" = NEW."Id";
        END;
        """,
    ];

    public static IReadOnlyList<string> SqliteDrop { get; } =
    [
        """DROP TRIGGER IF EXISTS "TR_Employers_CopyToSignings";""",
        """DROP TRIGGER IF EXISTS "TR_Signings_CopyNames";""",
        """DROP TRIGGER IF EXISTS "TR_Students_CopyToSignings";""",
        """DROP TRIGGER IF EXISTS "TR_Signings_CopyStudentOnMove";""",
    ];

    /// <summary>PostgreSQL: the same with a BEFORE trigger on Signings (it sets the new row itself) and AFTER triggers on Students and Employers.</summary>
    public static IReadOnlyList<string> PostgresCreate { get; } =
    [
        """
        CREATE FUNCTION signings_copy_student() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            SELECT "Name", "IdNumber", "Major" INTO NEW."StudentName", NEW."StudentIdNumber", NEW."StudentMajor"
            FROM "Students" WHERE "Id" = NEW."StudentId";
            SELECT "Name" INTO NEW."EmployerName" FROM "Employers" WHERE "Id" = NEW."EmployerId";
            RETURN NEW;
        END $$;
        """,
        """
        CREATE TRIGGER "TR_Signings_CopyNames" BEFORE INSERT OR UPDATE OF "StudentId", "EmployerId" ON "Signings"
        FOR EACH ROW EXECUTE FUNCTION signings_copy_student();
        """,
        """
        CREATE FUNCTION students_copy_to_signings() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE "Signings" SET "StudentName" = NEW."Name", "StudentIdNumber" = NEW."IdNumber", "StudentMajor" = NEW."Major"
            WHERE "StudentId" = NEW."Id";
            RETURN NULL;
        END $$;
        """,
        """
        CREATE TRIGGER "TR_Students_CopyToSignings" AFTER UPDATE OF "Name", "IdNumber", "Major" ON "Students"
        FOR EACH ROW WHEN (OLD."Name" IS DISTINCT FROM NEW."Name" OR OLD."IdNumber" IS DISTINCT FROM NEW."IdNumber" OR OLD."Major" IS DISTINCT FROM NEW."Major")
        EXECUTE FUNCTION students_copy_to_signings();
        """,
        """
        CREATE FUNCTION employers_copy_to_signings() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE "Signings" SET "EmployerName" = NEW."Name" WHERE "EmployerId" = NEW."Id";
            RETURN NULL;
        END $$;
        """,
        """
        CREATE TRIGGER "TR_Employers_CopyToSignings" AFTER UPDATE OF "Name" ON "Employers"
        FOR EACH ROW WHEN (OLD."Name" IS DISTINCT FROM NEW."Name") EXECUTE FUNCTION employers_copy_to_signings();
        """,
    ];

    public static IReadOnlyList<string> PostgresDrop { get; } =
    [
        """DROP TRIGGER IF EXISTS "TR_Employers_CopyToSignings" ON "Employers";""",
        """DROP FUNCTION IF EXISTS employers_copy_to_signings();""",
        """DROP TRIGGER IF EXISTS "TR_Students_CopyToSignings" ON "Students";""",
        """DROP FUNCTION IF EXISTS students_copy_to_signings();""",
        """DROP TRIGGER IF EXISTS "TR_Signings_CopyNames" ON "Signings";""",
        """DROP FUNCTION IF EXISTS signings_copy_student();""",
    ];
}
