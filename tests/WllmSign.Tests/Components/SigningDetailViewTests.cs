using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Audit;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Components;

/// <summary>
/// 查看详情 as the employer and the student see it (issue #19's friction, decision 022): the 校验码 beside the 协议书编号,
/// and the yellow "学生提出解约…" only while the request is open. Real signings, the real detail service, the real view.
/// </summary>
public sealed class SigningDetailViewTests : IAsyncLifetime
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8)));
    private readonly BunitContext ctx = new();
    private PortalFactory portal = default!;
    private Given given = default!;

    public async Task InitializeAsync()
    {
        portal = new PortalFactory(seedDemo: true, clock: clock, servicesOnly: true);
        given = await Given.InAsync(portal, clock, TimeSpan.FromMinutes(1));
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(portal.Services.GetRequiredService<IdNumberReveal>());
        ctx.Services.AddScoped<CurrentUserAccessor>();
        ctx.AddAuthorization();
    }

    public async Task DisposeAsync()
    {
        await ctx.DisposeAsync();
        await portal.DisposeAsync();
    }

    /// <summary>The detail page of <paramref name="id"/> as the employer (or as its student), rendered.</summary>
    private async Task<IRenderedComponent<SigningDetailView>> ViewAsync(int id, bool asStudent)
    {
        var studentId = (await given.LoadAsync(id)).StudentId;
        var user = asStudent ? new CurrentUser("student-user", "学生", Roles.Student, null, studentId, null) : given.EmployerUser;
        var detail = await portal.Services.GetRequiredService<SigningDetailService>().GetAsync(user, id);
        Assert.NotNull(detail);
        return ctx.Render<SigningDetailView>(p => p.Add(x => x.Detail, detail!).Add(x => x.OwnIdNumber, asStudent));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_verification_code_stands_beside_the_agreement_number_for_both_parties(bool asStudent)
    {
        var id = await given.Invites().Reaching(SigningState.Effective);
        var signing = await given.LoadAsync(id);
        var cut = await ViewAsync(id, asStudent);
        var cell = cut.Find("[data-testid='agreement-number']").TextContent;
        Assert.Contains(signing.AgreementNumber!, cell, StringComparison.Ordinal);
        Assert.Contains("校验码：" + signing.VerificationCode, cell, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SigningState.TerminationRequestedByStudent, true)]
    [InlineData(SigningState.TerminationAwaitingVerification, true)]
    [InlineData(SigningState.Terminated, false)]
    public async Task The_students_termination_warning_shows_only_while_the_request_is_open(SigningState state, bool shown)
    {
        var id = await given.Invites().Reaching(state);
        var cut = await ViewAsync(id, asStudent: true);
        Assert.Equal(shown, cut.FindAll("[data-testid='termination-info']").Count == 1);
        if (shown) Assert.Contains("学生提出解约，解除原因：" + Given.TerminationReason, cut.Find("[data-testid='termination-info']").TextContent, StringComparison.Ordinal);
        else Assert.Contains("已失效", cut.Find("[data-testid='employment-info']").TextContent, StringComparison.Ordinal);
    }
}
