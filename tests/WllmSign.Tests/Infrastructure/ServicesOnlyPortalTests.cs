using Microsoft.EntityFrameworkCore;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// The test portal for tests that call services directly (decision 053): it starts like every portal (migrations, the
/// demo data, the services) but builds no request pipeline, and says so to a test that sends it a request anyway.
/// </summary>
public sealed class ServicesOnlyPortalTests
{
    [Fact]
    public async Task A_services_only_portal_has_the_demo_data_and_refuses_a_request_naming_the_reason()
    {
        await using var portal = new PortalFactory(seedDemo: true, servicesOnly: true);
        await using (var db = portal.NewDb())
            Assert.True(await db.Schools.AnyAsync(s => s.Code == "10500"));

        using var client = portal.CreateClient();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/Account/Login"));
        Assert.Contains("servicesOnly", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_portal_without_the_option_serves_the_login_page()
    {
        await using var portal = new PortalFactory(seedDemo: true);
        using var client = portal.CreateClient();
        var login = await client.GetAsync("/Account/Login");
        Assert.Equal(System.Net.HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("用户登录", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_portal_on_a_socket_cannot_be_services_only() =>
        Assert.Throws<ArgumentException>(() => new PortalFactory(kestrel: true, servicesOnly: true));
}
