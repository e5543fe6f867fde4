using System.Security.Cryptography;

namespace WllmSign.Portal.Features.Agreements.Signatures;

/// <summary>
/// Issues agreement PDFs once and serves them as stored (decision 021). <see cref="AgreementIssuingJob"/> issues each one
/// right after the school's 鉴证 (and the void version right after the termination's); a download that finds none yet
/// draws and signs it with the current time as signing time and stores the bytes and their
/// SHA-256; every later download, by anyone, returns exactly those bytes. Two first downloads at once: the unique index on
/// (signing, kind) lets one win, the other serves the winner's file.
/// </summary>
public sealed class AgreementFileStore(
    IDbContextFactory<AppDbContext> dbFactory, AgreementFonts fonts, IOptions<AgreementOptions> options,
    AllianceCertificates certificates, TimeProvider clock)
{
    public static AgreementFileKind KindOf(AgreementDocument doc) => doc.IsVoid ? AgreementFileKind.Void : AgreementFileKind.Effective;

    /// <summary>Draws and (when signing is on) signs one agreement at <paramref name="at"/>; throws <see cref="AgreementFontUnavailableException"/>.</summary>
    public byte[] Draw(AgreementDocument doc, DateTimeOffset at)
    {
        var signature = certificates.Enabled
            ? new AgreementSignature(new AllianceCmsSigner(certificates.Signer!, certificates.Ca!, at))
            : null;
        return AgreementPdf.Render(doc, fonts.Get(), options.Value.PublicBaseUrl!, signature);
    }

    /// <summary>The issued file of one agreement, issuing it now when it has none yet.</summary>
    public async Task<byte[]> GetOrIssueAsync(int signingId, AgreementDocument doc, CancellationToken ct = default)
    {
        var files = await GetOrIssueManyAsync([(signingId, doc)], ct);
        return files[signingId];
    }

    /// <summary>
    /// The issued files of several agreements (one query), issuing the missing ones (drawn in parallel, stored in one
    /// transaction) on <paramref name="parallelism"/> threads (default: every core). For the school's bulk ZIP, one page at
    /// a time, and for <see cref="AgreementIssuingJob"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, byte[]>> GetOrIssueManyAsync(IReadOnlyList<(int SigningId, AgreementDocument Doc)> items,
        CancellationToken ct = default, int? parallelism = null)
    {
        var found = await ReadAsync(items, ct);
        var missing = items.Where(i => !found.ContainsKey(i.SigningId)).ToList();
        if (missing.Count == 0) return found;

        // No font: throw AgreementFontUnavailableException here, not wrapped in Parallel.For's AggregateException.
        fonts.Get();
        var now = clock.GetUtcNow();
        var issued = new AgreementFile[missing.Count];
        Parallel.For(0, missing.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism ?? Environment.ProcessorCount, CancellationToken = ct }, i =>
        {
            var bytes = Draw(missing[i].Doc, now);
            issued[i] = new AgreementFile
            {
                SigningId = missing[i].SigningId, Kind = KindOf(missing[i].Doc), IssuedAt = now, Signed = certificates.Enabled,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Content = bytes,
            };
        });
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.AgreementFiles.AddRange(issued);
            await db.SaveChangesAsync(ct);
            foreach (var f in issued) found[f.SigningId] = f.Content;
            return found;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Someone issued one of them at the same moment: store the others one by one, serve theirs.
            foreach (var f in issued)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                db.AgreementFiles.Add(new AgreementFile
                {
                    SigningId = f.SigningId, Kind = f.Kind, IssuedAt = f.IssuedAt, Signed = f.Signed, Sha256 = f.Sha256, Content = f.Content,
                });
                try { await db.SaveChangesAsync(ct); }
                catch (DbUpdateException again) when (DbErrors.IsUniqueViolation(again)) { }
            }
            return await ReadAsync(items, ct);
        }
    }

    private async Task<Dictionary<int, byte[]>> ReadAsync(IReadOnlyList<(int SigningId, AgreementDocument Doc)> items, CancellationToken ct)
    {
        var effective = items.Where(i => !i.Doc.IsVoid).Select(i => i.SigningId).ToList();
        var voided = items.Where(i => i.Doc.IsVoid).Select(i => i.SigningId).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.AgreementFiles.AsNoTracking()
            .Where(f => (f.Kind == AgreementFileKind.Effective && effective.Contains(f.SigningId)) || (f.Kind == AgreementFileKind.Void && voided.Contains(f.SigningId)))
            .Select(f => new { f.SigningId, f.Content })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.SigningId, r => r.Content);
    }
}
