using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Lists;
using WllmSign.Portal.Features.SchoolAdmin.Verification;
using WllmSign.Portal.Features.Signings;

namespace WllmSign.Tests.Components;

/// <summary>The verification queue component, with a fake service: rows render, a batch approve sends the selected ids.</summary>
public sealed class SchoolAdminVerificationQueueTests : IAsyncLifetime
{
    private readonly BunitContext ctx = new();
    private readonly FakeVerificationService service = new();
    private readonly CurrentUser admin = new("u1", "湖北工业大学管理员", Roles.SchoolAdmin, null, null, 1);

    public Task InitializeAsync()
    {
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton<IVerificationService>(service);
        WllmSign.Tests.Features.Live.LiveServices.AddLiveCountsForComponents(ctx.Services); // the queue refreshes on live changes
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await ctx.DisposeAsync();

    [Fact]
    public void Queue_renders_one_row_per_signing_with_masked_id_numbers()
    {
        ctx.Render<MudPopoverProvider>();
        var cut = ctx.Render<VerificationQueue>(p => p.Add(x => x.User, admin).Add(x => x.Kind, VerificationKind.Signing));

        cut.WaitForAssertion(() => Assert.Equal(["王伟", "李娜", "张敏"], cut.FindAll("[data-testid='row-name']").Select(td => td.TextContent.Trim())));
        Assert.Contains("420102********3321", cut.Markup);
        Assert.Contains("上海萃思软件有限公司", cut.Markup);
        Assert.Equal((VerificationKind.Signing, 0, 20), (service.LastKind, service.LastPage.Index, service.LastPage.Size));
        Assert.True(cut.Find("[data-testid='batch-approve']").HasAttribute("disabled"));
    }

    [Fact]
    public void Batch_approve_asks_for_confirmation_then_sends_the_selected_ids_and_reports_each_outcome()
    {
        ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<VerificationQueue>(p => p.Add(x => x.User, admin).Add(x => x.Kind, VerificationKind.Signing));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid='row-name']").Count));

        // Tick the first and the third row.
        var rows = cut.FindAll("tbody tr");
        rows[0].QuerySelector("input[type=checkbox]")!.Change(true);
        cut.FindAll("tbody tr")[2].QuerySelector("input[type=checkbox]")!.Change(true);
        cut.WaitForAssertion(() => Assert.Contains("已选 2 条", cut.Find("[data-testid='selected-count']").TextContent));

        cut.Find("[data-testid='batch-approve']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("确定对选中的 2 条记录签约鉴证通过吗", dialogs.Markup));
        Assert.Empty(service.Approved); // nothing happens before the confirmation
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("确定通过")).Click();

        cut.WaitForAssertion(() => Assert.Equal([11, 13], Assert.Single(service.Approved).Order()));
        cut.WaitForAssertion(() => Assert.Contains("1 条鉴证通过，1 条失败", cut.Find("[data-testid='batch-result']").TextContent));
        Assert.Contains("该记录已被他人处理，请刷新后重试", cut.Find("[data-testid='batch-result']").TextContent);
    }

    [Fact]
    public void A_rows_approve_names_the_student_and_employer_in_the_confirmation_and_approves_that_signing_only()
    {
        ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<VerificationQueue>(p => p.Add(x => x.User, admin).Add(x => x.Kind, VerificationKind.Signing));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid='row-name']").Count));

        cut.FindAll("[data-testid='row-approve']")[1].Click();
        dialogs.WaitForAssertion(() => Assert.Contains("确定对 李娜（", dialogs.Markup));
        Assert.Contains("）的签约鉴证通过吗", dialogs.Markup);
        Assert.DoesNotContain("王伟", dialogs.Markup);
        Assert.Empty(service.Approved);
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("确定通过")).Click();

        cut.WaitForAssertion(() => Assert.Equal([12], Assert.Single(service.Approved)));
    }

    private sealed class FakeVerificationService : IVerificationService
    {
        public List<IReadOnlyCollection<int>> Approved { get; } = [];
        public VerificationKind LastKind { get; private set; }
        public PageRequest LastPage { get; private set; } = new();

        private static readonly VerificationRow[] Rows =
        [
            Row(11, "王伟"), Row(12, "李娜"), Row(13, "张敏"),
        ];

        private static VerificationRow Row(int id, string name) => new(id, name, "420102********3321", "2023500" + id, "计算机学院", "软件工程", 2027,
            "上海萃思软件有限公司", "PHP前端工程师", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, null);

        public Task<Page<VerificationRow>> QueueAsync(CurrentUser user, VerificationKind kind, VerificationFilter filter, PageRequest page, CancellationToken ct = default)
        {
            LastKind = kind;
            LastPage = page;
            return Task.FromResult(new Page<VerificationRow>(Rows, Rows.Length));
        }

        public Task<FacultyMajors> FacultiesAsync(CurrentUser user) =>
            Task.FromResult(new FacultyMajors(["计算机学院"], [("计算机学院", "软件工程")]));

        public Task<SigningDetail?> DetailAsync(CurrentUser user, int signingId) => Task.FromResult<SigningDetail?>(null);

        public Task<BatchResult> ApproveAsync(CurrentUser user, VerificationKind kind, IReadOnlyCollection<int> signingIds)
        {
            Approved.Add(signingIds);
            var ids = signingIds.Order().ToList();
            return Task.FromResult(new BatchResult(
            [
                new VerificationOutcome(ids[0], "王伟（上海萃思软件有限公司）", true, null),
                .. ids.Skip(1).Select(id => new VerificationOutcome(id, "张敏（上海萃思软件有限公司）", false, SigningStore.ConflictMessage)),
            ]));
        }

        public Task<BatchResult> RejectAsync(CurrentUser user, VerificationKind kind, IReadOnlyCollection<int> signingIds, string? remark) =>
            throw new NotSupportedException();
    }
}
