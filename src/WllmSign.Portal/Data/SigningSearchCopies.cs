namespace WllmSign.Portal.Data;

/// <summary>
/// The student fields the data-management lists filter on, copied into <c>Signings</c> (decision 015) so that a
/// filtered page and its count read one table through one index. The copies are EF shadow properties that EF never
/// writes (save behaviour Ignore): the database keeps them equal to the student's row with triggers, whatever writes
/// a signing or a student (a service, an import, raw SQL, the data generator). Queries filter on the copies and still
/// read the shown values from <c>Students</c> and <c>Employers</c>. The SQL below is run by the migrations
/// <c>SigningListIndexes</c>/<c>SigningListIndexesPostgres</c> (student copies) and
/// <c>SigningEmployerNameCopy</c>/<c>SigningEmployerNameCopyPostgres</c> (the employer's name): never edit it, add a
/// migration instead.
/// </summary>
public static class SigningSearchCopies
{
    public const string StudentName = "StudentName";
    public const string StudentIdNumber = "StudentIdNumber";
    public const string StudentMajor = "StudentMajor";
    /// <summary>The employer's name (the school list's 用人单位 filter), added by the second migration.</summary>
    public const string EmployerName = "EmployerName";

    /// <summary>Each copy, the student column it copies and its length (as the student's column).</summary>
    public static IReadOnlyList<(string Column, string Source, int? MaxLength)> Columns { get; } =
    [
        (StudentName, "Name", 60),
        (StudentIdNumber, "IdNumber", 18),
        (StudentMajor, "Major", null),
        (EmployerName, "Name", 60),
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

    /// <summary>SQLite, second step: the employer's name too (the insert trigger now fills all four copies).</summary>
    public static IReadOnlyList<string> SqliteEmployerUp { get; } =
    [
        """
        UPDATE "Signings" SET "EmployerName" = (SELECT "Name" FROM "Employers" WHERE "Employers"."Id" = "Signings"."EmployerId");
        """,
        """DROP TRIGGER IF EXISTS "TR_Signings_CopyStudent";""",
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

    public static IReadOnlyList<string> SqliteEmployerDown { get; } =
    [
        """DROP TRIGGER IF EXISTS "TR_Employers_CopyToSignings";""",
        """DROP TRIGGER IF EXISTS "TR_Signings_CopyNames";""",
        """
        CREATE TRIGGER "TR_Signings_CopyStudent" AFTER INSERT ON "Signings"
        BEGIN
            UPDATE "Signings" SET ("StudentName", "StudentIdNumber", "StudentMajor") =
                (SELECT "Name", "IdNumber", "Major" FROM "Students" WHERE "Id" = NEW."StudentId")
            WHERE "Id" = NEW."Id";
        END;
        """,
    ];

    /// <summary>PostgreSQL, second step: the employer's name too.</summary>
    public static IReadOnlyList<string> PostgresEmployerUp { get; } =
    [
        """
        UPDATE "Signings" AS g SET "EmployerName" = e."Name" FROM "Employers" AS e WHERE e."Id" = g."EmployerId";
        """,
        """DROP TRIGGER IF EXISTS "TR_Signings_CopyStudent" ON "Signings";""",
        """
        CREATE OR REPLACE FUNCTION signings_copy_student() RETURNS trigger LANGUAGE plpgsql AS $$
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

    public static IReadOnlyList<string> PostgresEmployerDown { get; } =
    [
        """DROP TRIGGER IF EXISTS "TR_Employers_CopyToSignings" ON "Employers";""",
        """DROP FUNCTION IF EXISTS employers_copy_to_signings();""",
        """DROP TRIGGER IF EXISTS "TR_Signings_CopyNames" ON "Signings";""",
        """
        CREATE OR REPLACE FUNCTION signings_copy_student() RETURNS trigger LANGUAGE plpgsql AS $$
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
    ];

    public static IReadOnlyList<string> PostgresDown { get; } =
    [
        """DROP TRIGGER IF EXISTS "TR_Students_CopyToSignings" ON "Students";""",
        """DROP FUNCTION IF EXISTS students_copy_to_signings();""",
        """DROP TRIGGER IF EXISTS "TR_Signings_CopyStudent" ON "Signings";""",
        """DROP FUNCTION IF EXISTS signings_copy_student();""",
    ];
}
