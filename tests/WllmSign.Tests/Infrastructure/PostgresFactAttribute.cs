namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// A test that is only meaningful on PostgreSQL (e.g. several portal servers sharing one database): skipped, with the
/// reason shown, when the suite runs on SQLite. scripts/test.sh runs it in its PostgreSQL pass.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PortalFactory.PostgresServer is null)
            Skip = "Needs PostgreSQL: several portal servers share a database only on PostgreSQL. Set WLLM_TEST_POSTGRES (scripts/test.sh does in its second pass).";
    }
}
