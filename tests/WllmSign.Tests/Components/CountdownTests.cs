using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Features.StudentArea;

namespace WllmSign.Tests.Components;

/// <summary>
/// The invitation's 反馈截止 countdown: shows the time left to the minute, turns red under 24 hours and says 已过期 at the
/// deadline, redrawing itself in the circuit when the minute shown changes — and only then (decision 044).
/// </summary>
public sealed class CountdownTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Deadline = new(2026, 12, 10, 16, 0, 0, TimeSpan.Zero); // 24:00 China time
    private readonly ManualClock clock = new(Deadline - new TimeSpan(1, 0, 2, 30)); // 1 day, 0 h, 2 min 30 s left
    private readonly BunitContext ctx = new();

    public Task InitializeAsync()
    {
        ctx.Services.AddSingleton<TimeProvider>(clock);
        ctx.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true)); // as in a circuit
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await ctx.DisposeAsync();

    [Fact]
    public void Countdown_redraws_when_the_minute_shown_changes_and_not_every_second()
    {
        var cut = ctx.Render<Countdown>(p => p.Add(c => c.Deadline, Deadline));
        Assert.Equal("剩余 1天0小时2分", cut.Find("[data-testid='countdown']").TextContent);
        Assert.Equal("no", cut.Find("[data-testid='countdown']").GetAttribute("data-urgent"));
        var renders = cut.RenderCount;

        // The next change of the text is 30 s away: the timer is set for then, not for the next second.
        var timer = Assert.Single(clock.Timers);
        Assert.Equal(TimeSpan.FromSeconds(30) + Countdown.Margin, timer.Due);

        clock.Advance(timer.Due);
        cut.InvokeAsync(timer.Fire);
        cut.WaitForAssertion(() => Assert.Equal("剩余 1天0小时1分", cut.Find("[data-testid='countdown']").TextContent));
        Assert.Equal(renders + 1, cut.RenderCount);
        Assert.Equal(TimeSpan.FromMinutes(1), timer.Due); // then once a minute

        // Two more minutes: under 24 hours, red.
        clock.Advance(timer.Due);
        cut.InvokeAsync(timer.Fire);
        clock.Advance(timer.Due);
        cut.InvokeAsync(timer.Fire);
        cut.WaitForAssertion(() => Assert.Equal("剩余 0天23小时59分", cut.Find("[data-testid='countdown']").TextContent));
        Assert.Equal("yes", cut.Find("[data-testid='countdown']").GetAttribute("data-urgent"));
        Assert.Equal(renders + 3, cut.RenderCount);

        // At the deadline: 已过期, and no more ticks.
        clock.Advance(Deadline - clock.GetUtcNow() + Countdown.Margin);
        cut.InvokeAsync(timer.Fire);
        cut.WaitForAssertion(() => Assert.Equal("已过期", cut.Find("[data-testid='countdown']").TextContent));
        Assert.Equal(Timeout.InfiniteTimeSpan, timer.Due);
    }

    [Fact]
    public void Countdown_past_its_deadline_says_expired_and_sets_no_timer()
    {
        clock.Advance(TimeSpan.FromDays(2));
        var cut = ctx.Render<Countdown>(p => p.Add(c => c.Deadline, Deadline));
        Assert.Equal("已过期", cut.Find("[data-testid='countdown']").TextContent);
        Assert.Empty(clock.Timers);
    }

    /// <summary>A clock the test moves by hand, whose timers fire when the test says so.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;
        public List<ManualTimer> Timers { get; } = [];
        public override DateTimeOffset GetUtcNow() => now;
        public void Advance(TimeSpan by) => now += by;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var t = new ManualTimer(() => callback(state)) { Due = dueTime };
            Timers.Add(t);
            return t;
        }
    }

    private sealed class ManualTimer(Action callback) : ITimer
    {
        /// <summary>When the timer is due next, from the last Change (infinite: stopped).</summary>
        public TimeSpan Due { get; set; }
        public void Fire() => callback();
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime;
            return true;
        }
        public void Dispose() => Due = Timeout.InfiniteTimeSpan;
        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
