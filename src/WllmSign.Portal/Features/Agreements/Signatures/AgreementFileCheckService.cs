using System.Security.Cryptography;

namespace WllmSign.Portal.Features.Agreements.Signatures;

/// <summary>
/// 协议书查验 of an uploaded PDF file (decision 021): the alliance's signature (chained to the alliance CA, intact, covering
/// the whole file) and then the portal's record of issuing exactly this file (its SHA-256) → 有效 / 已失效 / 文件被修改 /
/// 非本系统签发, with the school, the employer and the masked student name only. Shares the number check's per-client
/// budget (RateLimits:Verify).
/// </summary>
public sealed class AgreementFileCheckService(
    IDbContextFactory<AppDbContext> dbFactory, CircuitRateLimits limits, AllianceCertificates certificates, IOptions<AgreementSigningOptions> options)
{
    public int MaxBytes => options.Value.MaxUploadBytes;

    public static string TooLarge(int maxBytes) => $"文件过大：请上传不超过 {maxBytes / (1024 * 1024)} MB 的协议书PDF文件";

    public async Task<AgreementCheckResult> CheckAsync(string? clientKey, byte[]? file, CancellationToken ct = default)
    {
        if (!limits.TryAcquire(CircuitAction.Verify, clientKey, out var refusal)) return new(AgreementCheckStatus.Throttled, refusal);
        if (file is null || file.Length == 0) return new(AgreementCheckStatus.Invalid, "请选择要查验的协议书PDF文件");
        if (file.Length > MaxBytes) return new(AgreementCheckStatus.Invalid, TooLarge(MaxBytes));
        if (!certificates.Enabled) return new(AgreementCheckStatus.Invalid, "本系统未启用协议书数字签名，请输入协议书编号和校验码查验");

        switch (PdfSignatureInspector.Inspect(file, certificates.Ca!))
        {
            case PdfSignatureState.NotPdf:
                return new(AgreementCheckStatus.Invalid, "该文件不是PDF文件，请上传从本系统下载的协议书PDF文件");
            case PdfSignatureState.Foreign:
                return new(AgreementCheckStatus.Foreign, "该文件没有本系统（湖北高校就业网络联盟）的有效数字签名，不是本系统签发的协议书");
            case PdfSignatureState.Modified:
                return new(AgreementCheckStatus.Modified, "该文件在签发后被修改过（内容被改动或追加了内容），不能作为有效协议书");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(file));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await (
            from f in db.AgreementFiles.AsNoTracking()
            where f.Sha256 == hash
            join s in db.Signings on f.SigningId equals s.Id
            join st in db.Students on s.StudentId equals st.Id
            join e in db.Employers on s.EmployerId equals e.Id
            join sc in db.Schools on s.SchoolId equals sc.Id
            select new { f.Kind, s.Status, s.AgreementNumber, School = sc.Name, Employer = e.Name, Student = st.Name })
            .FirstOrDefaultAsync(ct);
        if (found is null)
            return new(AgreementCheckStatus.Foreign, "该文件带有本系统的签名，但本系统没有签发过这一文件的记录，不能作为有效协议书");

        var isVoid = found.Kind == AgreementFileKind.Void || SigningStatuses.IsVoid(found.Status);
        return new(isVoid ? AgreementCheckStatus.Void : AgreementCheckStatus.Valid,
            isVoid ? "该文件是本系统签发的协议书，文件未被修改，但协议书已解约，已失效" : "该文件是本系统签发的协议书原件，未被修改，真实有效",
            found.AgreementNumber, found.School, found.Employer, NameMask.Mask(found.Student));
    }
}
