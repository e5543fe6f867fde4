using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Security;
using WllmSign.Portal.Infrastructure;
using WllmSign.Tests.Infrastructure;
using static WllmSign.Tests.Features.Security.SessionClients;

namespace WllmSign.Tests.Features.Security;

/// <summary>ASVS 6.4.1 / 3.2 (decision 019): the Data Protection key ring is encrypted at rest with an X.509 certificate.</summary>
public sealed class KeyRingProtectionTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new(seedDemo: true);

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task The_stored_key_ring_holds_no_master_key_in_clear()
    {
        var protector = portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("签约", protector.Unprotect(protector.Protect("签约")));

        await using var db = portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        var keys = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.DoesNotContain("<masterKey", xml!, StringComparison.Ordinal);
            Assert.Contains("<encryptedSecret", xml!, StringComparison.Ordinal);
            Assert.Contains("http://www.w3.org/2001/04/xmlenc#", xml!, StringComparison.Ordinal);
        });
        Assert.True(File.Exists(Path.Combine(portal.Folder, "dataprotection-cert.pfx")));
    }

    [Fact]
    public async Task A_restarted_portal_keeps_a_user_signed_in_with_the_same_cookie()
    {
        using var browser = Browser(portal);
        var cookie = await SignInAsync(browser, DemoData.EmployerEmail);
        int keysBefore;
        await using (var db = portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
            keysBefore = await db.DataProtectionKeys.CountAsync();

        // A new host on the same database and certificate: it reads and decrypts the stored key ring.
        await using var restarted = portal.WithWebHostBuilder(_ => { });
        using var same = Replay(restarted, cookie);
        Assert.Equal("200", await AuthorizationMatrixTests.OutcomeAsync(same, "/employer"));
        await using (var db = portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
            Assert.Equal(keysBefore, await db.DataProtectionKeys.CountAsync()); // no new key: the old one was readable
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    /// <summary>The portal's way: the <c>DataProtection</c> section bound once, the key ring protected with it.</summary>
    private static void Protect(IConfiguration config, IHostEnvironment env)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().ProtectKeysAtRest(services.BindOptions<KeyRingOptions>(config, KeyRingOptions.Section), env);
    }

    private static Microsoft.Extensions.Hosting.Internal.HostingEnvironment Env(string name, string root) =>
        new() { EnvironmentName = name, ContentRootPath = root };

    [Fact]
    public void Production_refuses_to_start_without_a_certificate_unless_told_to_accept_unencrypted_keys()
    {
        var root = portal.Folder;
        var refused = Assert.Throws<InvalidOperationException>(() =>
            Protect(Config(), Env(Environments.Production, root)));
        Assert.Equal(KeyRingProtection.MissingCertificateMessage, refused.Message);

        Protect(Config(("DataProtection:AllowUnencryptedKeys", "true")), Env(Environments.Production, root));
        // Generated on request (the embedded demo), and then used: a file appears where configured.
        var generated = Path.Combine(root, "generated", "demo.pfx");
        Protect(
            Config(("DataProtection:GenerateCertificate", "true"), ("DataProtection:CertificatePath", generated)), Env(Environments.Production, root));
        Assert.True(File.Exists(generated));
        // A configured certificate that does not exist is an error, not a silent fallback to clear keys.
        Assert.Throws<InvalidOperationException>(() => Protect(
            Config(("DataProtection:CertificatePath", Path.Combine(root, "missing.pfx"))), Env(Environments.Production, root)));
    }
}
