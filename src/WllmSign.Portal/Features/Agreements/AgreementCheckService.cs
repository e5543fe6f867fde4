using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace WllmSign.Portal.Features.Agreements;

public enum AgreementCheckStatus
{
    /// <summary>有效.</summary>
    Valid,
    /// <summary>已失效 (terminated).</summary>
    Void,
    /// <summary>不存在: no agreement with this number and code.</summary>
    NotFound,
    /// <summary>The input is malformed; <see cref="AgreementCheckResult.Message"/> says how.</summary>
    Invalid,
    /// <summary>查询过于频繁.</summary>
    Throttled,
    /// <summary>文件被修改: an uploaded file signed by the alliance whose signed bytes changed or that has something appended.</summary>
    Modified,
    /// <summary>非本系统签发: an uploaded file without the alliance's signature, or one the portal has no record of issuing.</summary>
    Foreign,
}

/// <summary>What 协议书查验 shows: the verdict and, for an existing agreement, the school, the employer and the masked student name.</summary>
public sealed record AgreementCheckResult(AgreementCheckStatus Status, string Message,
    string? AgreementNumber = null, string? SchoolName = null, string? EmployerName = null, string? StudentName = null)
{
    public string Verdict => Status switch
    {
        AgreementCheckStatus.Valid => "有效",
        AgreementCheckStatus.Void => "已失效",
        AgreementCheckStatus.NotFound => "不存在",
        AgreementCheckStatus.Modified => "文件被修改",
        AgreementCheckStatus.Foreign => "非本系统签发",
        _ => "",
    };
}

/// <summary>
/// 协议书查验 (public, no login): agreement number + 校验码 → 有效 / 已失效 / 不存在. A wrong code and an
/// unknown number give the same answer; the student's name is masked; each client IP is throttled.
/// </summary>
public sealed class AgreementCheckService : IAsyncDisposable
{
    // The cheapest page for anyone to hammer (issue #27): one lookup by the unique index on AgreementNumber and three
    // primary-key joins, as plain ADO.NET on a few open connections with the statement prepared — no DbContext, no
    // query pipeline, no materializer (decision 030). The SQL is the one EF wrote for the former compiled query; the identifiers are the
    // model's (the same in both migration sets) and both providers take @-named parameters. Read every time: a verdict
    // changes the moment an agreement is terminated, so nothing is cached.
    private const string LookupSql = """
        SELECT s."Status", s."VerificationCode", sc."Name", e."Name", st."Name"
        FROM "Signings" AS s
        INNER JOIN "Students" AS st ON s."StudentId" = st."Id"
        INNER JOIN "Employers" AS e ON s."EmployerId" = e."Id"
        INNER JOIN "Schools" AS sc ON s."SchoolId" = sc."Id"
        WHERE s."AgreementNumber" = @no
        LIMIT 2
        """;

    private readonly CircuitRateLimits limits;
    private readonly DbProviderFactory provider;
    private readonly string connectionString;
    private readonly bool keepOpen;

    public AgreementCheckService(IDbContextFactory<AppDbContext> dbFactory, CircuitRateLimits limits)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        this.limits = limits;
        // The provider and connection string the portal's contexts use (SQLite or PostgreSQL), learnt once.
        using var db = dbFactory.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        provider = DbProviderFactories.GetFactory(connection) ?? throw new InvalidOperationException("No ADO.NET provider factory for " + connection.GetType());
        connectionString = db.Database.GetConnectionString() ?? throw new InvalidOperationException("The database has no connection string.");
        // SQLite is in-process: an open connection cannot be dropped by a server, so prepared ones are kept. PostgreSQL
        // connections are opened per check from Npgsql's pool, as before (a restarted server would break kept ones).
        keepOpen = connection is Microsoft.Data.Sqlite.SqliteConnection;
    }

    private sealed record Found(SigningStatus Status, string? VerificationCode, string School, string Employer, string Student);

    /// <summary>An open connection with the lookup prepared on it: preparing the statement was a quarter of a check's
    /// time (decision 030). Idle ones (SQLite only) wait in <see cref="idle"/>; one is never used by two checks at once.</summary>
    private sealed class Reader(DbConnection connection, DbCommand command, DbParameter number) : IAsyncDisposable
    {
        public DbCommand Command => command;
        public DbParameter Number => number;

        public async ValueTask DisposeAsync()
        {
            await command.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>At most this many idle prepared connections are kept (more concurrent checks open and close their own).</summary>
    private const int MaxIdle = 16;
    private readonly ConcurrentBag<Reader> idle = [];

    private async Task<Reader> OpenAsync(CancellationToken ct)
    {
        var connection = provider.CreateConnection()!;
        try
        {
            connection.ConnectionString = connectionString;
            await connection.OpenAsync(ct);
            var command = connection.CreateCommand();
            command.CommandText = LookupSql;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "no";
            parameter.DbType = System.Data.DbType.String;
            parameter.Value = "";
            command.Parameters.Add(parameter);
            await command.PrepareAsync(ct);
            return new Reader(connection, command, parameter);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<Found?> LookupAsync(string number, CancellationToken ct)
    {
        var lease = idle.TryTake(out var taken) ? taken : await OpenAsync(ct);
        var reusable = false;
        try
        {
            lease.Number.Value = number;
            // Each execution is its own read (no transaction is held between checks): a termination shows at once.
            await using var reader = await lease.Command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleResult, ct);
            Found? found = null;
            if (await reader.ReadAsync(ct))
            {
                found = new Found((SigningStatus)reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.GetString(2), reader.GetString(3), reader.GetString(4));
                // The unique index allows one row; two would be a broken database, as SingleOrDefault said before.
                if (await reader.ReadAsync(ct)) throw new InvalidOperationException($"Two agreements carry the number {number}.");
            }
            reusable = true;
            return found;
        }
        finally
        {
            // A connection that failed (or was cancelled) mid-check is closed, not reused.
            if (reusable && keepOpen && idle.Count < MaxIdle) idle.Add(lease);
            else await lease.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (idle.TryTake(out var lease)) await lease.DisposeAsync();
    }

    public async Task<AgreementCheckResult> CheckAsync(string? clientKey, string? number, string? code, CancellationToken ct = default)
    {
        if (!limits.TryAcquire(CircuitAction.Verify, clientKey, out var refusal)) return new(AgreementCheckStatus.Throttled, refusal);
        if (!Domain.Signings.AgreementNumber.TryParse(number, out var parsed, out var error)) return new(AgreementCheckStatus.Invalid, error);
        var normalized = VerificationCode.Normalize(code);
        if (normalized.Length == 0) return new(AgreementCheckStatus.Invalid, "请输入校验码");
        if (!VerificationCode.IsWellFormed(normalized)) return new(AgreementCheckStatus.Invalid, $"校验码应为{VerificationCode.Length}位字母或数字，请核对");

        var value = parsed.Value;
        var found = await LookupAsync(value, ct);
        if (found?.VerificationCode is null || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(found.VerificationCode), Encoding.ASCII.GetBytes(normalized)))
            return new(AgreementCheckStatus.NotFound, "未找到与该协议书编号和校验码相符的协议书，请核对后重新输入", value);

        var isVoid = SigningStatuses.IsVoid(found.Status);
        return new(isVoid ? AgreementCheckStatus.Void : AgreementCheckStatus.Valid,
            isVoid ? "该协议书已解约，已失效" : "该协议书真实有效",
            value, found.School, found.Employer, NameMask.Mask(found.Student));
    }
}

/// <summary>Masks a person's name for public pages: the surname stays (欧阳 for compound surnames), every other character becomes *.</summary>
public static class NameMask
{
    private static readonly string[] CompoundSurnames =
    [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐", "夏侯",
        "端木", "独孤", "南宫", "西门", "轩辕", "呼延", "澹台", "公冶", "太史", "申屠", "闻人", "万俟", "赫连", "鲜于",
    ];

    public static string Mask(string? name)
    {
        var runes = (name ?? "").Trim().EnumerateRunes().Select(r => r.ToString()).ToList();
        if (runes.Count == 0) return "";
        var keep = runes.Count > 2 && CompoundSurnames.Contains(runes[0] + runes[1], StringComparer.Ordinal) ? 2 : 1;
        var masked = new StringBuilder();
        for (var i = 0; i < runes.Count; i++)
            masked.Append(i < keep || runes[i] is "·" or "•" ? runes[i] : "*");
        return masked.ToString();
    }
}
