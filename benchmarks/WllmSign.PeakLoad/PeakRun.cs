namespace WllmSign.PeakLoad;

public static class PeakRun
{
    public static Task<int> RunAsync(RunOptions o) => Task.FromResult(0);
}
