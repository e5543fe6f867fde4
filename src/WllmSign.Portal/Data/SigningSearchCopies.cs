namespace WllmSign.Portal.Data;

/// <summary>
/// The student fields the data-management lists filter on, copied into <c>Signings</c> (decision 015) so that a
/// filtered page and its count read one table through one index. The copies are EF shadow properties that EF never
/// writes (save behaviour Ignore): the database keeps them equal to the student's row with triggers, whatever writes
/// a signing or a student (a service, an import, raw SQL, the data generator). Queries filter on the copies and still
/// read the shown values from <c>Students</c>. The SQL below is run by the migrations <c>SigningListIndexes</c> (SQLite)
/// and <c>SigningListIndexesPostgres</c>: never edit it, add a migration instead.
/// </summary>
public static class SigningSearchCopies
{
    public const string StudentName = "StudentName";
    public const string StudentIdNumber = "StudentIdNumber";
    public const string StudentMajor = "StudentMajor";

    /// <summary>Each copy, the student column it copies and its length (as the student's column).</summary>
    public static IReadOnlyList<(string Column, string Source, int? MaxLength)> Columns { get; } =
    [
        (StudentName, "Name", 60),
        (StudentIdNumber, "IdNumber", 18),
        (StudentMajor, "Major", null),
    ];

    /// <summary>SQLite: fill the copies of existing rows, then keep them with two triggers.</summary>
    public static IReadOnlyList<string> SqliteUp { get; } =
    [
        """
        UPDATE "Signings" SET ("StudentName", "StudentIdNumber", "StudentMajor") =
            (SELECT "Name", "IdNumber", "Major" FROM "Students" WHERE "Students"."Id" = "Signings"."StudentId");
        """,
        // A new signing (or one moved to another student) takes the student's values.
        """
        CREATE TRIGGER "TR_Signings_CopyStudent" AFTER INSERT ON "Signings"
        BEGIN
            UPDATE "Signings" SET ("StudentName", "StudentIdNumber", "StudentMajor") =
                (SELECT "Name", "IdNumber", "Major" FROM "Students" WHERE "Id" = NEW."StudentId")
            WHERE "Id" = NEW."Id";
        END;
        """,
        """
        CREATE TRIGGER "TR_Signings_CopyStudentOnMove" AFTER UPDATE OF "StudentId" ON "Signings"
        BEGIN
            UPDATE "Signings" SET ("StudentName", "StudentIdNumber", "StudentMajor") =
                (SELECT "Name", "IdNumber", "Major" FROM "Students" WHERE "Id" = NEW."StudentId")
            WHERE "Id" = NEW."Id";
        END;
        """,
        // A roster correction (姓名, 身份证号, 专业) reaches every signing of the student.
        """
        CREATE TRIGGER "TR_Students_CopyToSignings" AFTER UPDATE OF "Name", "IdNumber", "Major" ON "Students"
        BEGIN
            UPDATE "Signings" SET "StudentName" = NEW."Name", "StudentIdNumber" = NEW."IdNumber", "StudentMajor" = NEW."Major"
            WHERE "StudentId" = NEW."Id";
        END;
        """,
    ];

    public static IReadOnlyList<string> SqliteDown { get; } =
    [
        """DROP TRIGGER IF EXISTS "TR_Students_CopyToSignings";""",
        """DROP TRIGGER IF EXISTS "TR_Signings_CopyStudentOnMove";""",
        """DROP TRIGGER IF EXISTS "TR_Signings_CopyStudent";""",
    ];

    /// <summary>PostgreSQL: the same with a BEFORE trigger on Signings (it sets the new row itself) and an AFTER trigger on Students.</summary>
    public static IReadOnlyList<string> PostgresUp { get; } =
    [
        """
        UPDATE "Signings" AS g SET "StudentName" = st."Name", "StudentIdNumber" = st."IdNumber", "StudentMajor" = st."Major"
        FROM "Students" AS st WHERE st."Id" = g."StudentId";
        """,
        """
        CREATE FUNCTION signings_copy_student() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            SELECT "Name", "IdNumber", "Major" INTO NEW."StudentName", NEW."StudentIdNumber", NEW."StudentMajor"
            FROM "Students" WHERE "Id" = NEW."StudentId";
            RETURN NEW;
        END $$;
        """,
        """
        CREATE TRIGGER "TR_Signings_CopyStudent" BEFORE INSERT OR UPDATE OF "StudentId" ON "Signings"
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
    ];

    public static IReadOnlyList<string> PostgresDown { get; } =
    [
        """DROP TRIGGER IF EXISTS "TR_Students_CopyToSignings" ON "Students";""",
        """DROP FUNCTION IF EXISTS students_copy_to_signings();""",
        """DROP TRIGGER IF EXISTS "TR_Signings_CopyStudent" ON "Signings";""",
        """DROP FUNCTION IF EXISTS signings_copy_student();""",
    ];
}
