using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using WllmSign.Portal;
using WllmSign.Portal.Components.Layout;
using WllmSign.Portal.Data;

namespace WllmSign.Tests.Components;

/// <summary>The role menus, rendered with MudBlazor under bUnit.</summary>
public sealed class NavMenuTests : IAsyncLifetime
{
    private readonly BunitContext ctx = new();

    public Task InitializeAsync()
    {
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(Options.Create(new PortalOptions { RecruitUrl = "https://recruit.example" }));
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await ctx.DisposeAsync();

    [Fact]
    public void Employer_menu_follows_the_manual()
    {
        var menu = ctx.Render<NavMenu>(p => p.Add(x => x.Role, Roles.Employer));
        var text = menu.Markup;
        string[] expected = ["用户中心", "签约中心", "签约搜索", "签约发送", "解约中心", "解约办理", "数据管理中心", "数据管理",
            "网上就业市场", "我要招聘", "单位信息维护", "基本信息维护", "修改密码"];
        var positions = expected.Select(e => text.IndexOf(e, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order().ToList(), positions); // in the manual's order
        Assert.Contains(menu.FindAll("a"), a => a.GetAttribute("href") == "https://recruit.example" && a.TextContent.Contains("我要招聘"));
        Assert.DoesNotContain("签约鉴证", text);
    }

    [Theory]
    [InlineData(Roles.Student, "我的协议", "签约搜索")]
    [InlineData(Roles.SchoolAdmin, "签约鉴证", "我的协议")]
    [InlineData(Roles.AllianceAdmin, "学校管理员账号", "签约鉴证")]
    public void Each_role_sees_its_own_menu_only(string role, string present, string absent)
    {
        var menu = ctx.Render<NavMenu>(p => p.Add(x => x.Role, role));
        Assert.Contains(present, menu.Markup);
        Assert.DoesNotContain(absent, menu.Markup);
        Assert.Equal(role, menu.Find("[data-testid='nav-menu']").GetAttribute("data-role"));
    }
}
