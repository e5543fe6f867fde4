namespace WllmSign.Portal.Features.Agreements.Signatures;

/// <summary>The bell <see cref="AgreementIssuingJob"/> waits on: rung after the school's 鉴证 approvals.</summary>
public sealed class AgreementIssueSignal
{
    private readonly SemaphoreSlim bell = new(0, 1);

    /// <summary>Asks for a run soon; several rings before the run make one run.</summary>
    public void Wake()
    {
        try { bell.Release(); }
        catch (SemaphoreFullException) { }
    }

    /// <summary>Waits for a ring, at most <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => bell.WaitAsync(timeout, ct);
}

/// <summary>
/// Issues agreement files when they come into force, not when someone first asks for them (decision 021): woken right after
/// the school's 鉴证 (an agreement became Effective, or was terminated and needs its 已失效 file), and every
/// <see cref="Interval"/> as a sweep, the first one a minute after start (after a restart, a crash, or an approval on another server). Each run draws and signs
/// every agreement whose current file is missing, <see cref="BatchSize"/> at a time, on half the cores, so the school's
/// bulk ZIP only streams stored files. A file still missing when asked for is issued on demand as before (the unique index
/// on signing and kind keeps one file whichever comes first). One server at a time when several share PostgreSQL.
/// </summary>
public sealed class AgreementIssuingJob(AgreementService agreements, AgreementIssueSignal signal, ClusterJobs jobs, ILogger<AgreementIssuingJob> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    public const int BatchSize = 50;

    private readonly SemaphoreSlim gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Not at once on start (the busiest moment: migrations, seeding, the first requests): at the first ring or sweep.
            await signal.WaitAsync(Interval, stoppingToken);
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (AgreementFontUnavailableException ex)
            {
                logger.LogWarning(ex, "Agreement files not issued in advance: the agreement font is missing");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Issuing agreement files failed");
            }
        }
    }

    /// <summary>Issues every missing current agreement file; the number issued.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            await using var turn = await jobs.TryEnterAsync(ClusterJob.AgreementIssuing, ct);
            if (turn is null) return 0; // another server is issuing them
            var total = 0;
            int issued;
            do
            {
                issued = await agreements.IssuePendingAsync(BatchSize, Math.Max(1, Environment.ProcessorCount / 2), ct);
                total += issued;
            }
            while (issued == BatchSize);
            if (total > 0) logger.LogInformation("Issued {Count} agreement files in advance", total);
            return total;
        }
        finally
        {
            gate.Release();
        }
    }
}
