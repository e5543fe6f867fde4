namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// One demo portal (Kestrel, the demo data, a high sign-in limit) for all the tests of one end-to-end class that only
/// read the demo: each test signs in with a browser context of its own, and nothing a test checks depends on what
/// another test of the class did (decision 042). A class whose tests write, or read what a sign-in writes (the previous
/// login), keeps a portal per test.
/// </summary>
public sealed class ReadOnlyDemoPortal : IAsyncLifetime
{
    public PortalFactory Portal { get; } = new(seedDemo: true, kestrel: true,
        settings: new Dictionary<string, string?> { ["RateLimits:AccountPostsPerMinute"] = "1000" });

    public string BaseAddress => Portal.BaseAddress;

    public Task InitializeAsync()
    {
        _ = Portal.BaseAddress; // starts it
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Portal.DisposeAsync();
}
