using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Live;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Live;

/// <summary>The notifier in one process and through Redis; a circuit's subscription ends with the circuit.</summary>
public sealed class LiveNotifierTests
{
    private static LiveNotifier WithRedis(string connection) => new(
        Options.Create(new LiveOptions { Redis = connection }), NullLogger<LiveNotifier>.Instance);

    [Fact]
    public async Task Disposing_a_circuits_state_removes_its_handler_from_the_notifier()
    {
        await using var portal = new PortalFactory();
        var notifier = portal.Services.GetRequiredService<LiveNotifier>();
        var before = notifier.SubscriberCount;

        // A circuit is a DI scope: its LiveCountsState subscribes when created and must unsubscribe when the scope ends.
        var circuits = Enumerable.Range(0, 3).Select(_ => portal.Services.CreateAsyncScope()).ToList();
        foreach (var c in circuits) await c.ServiceProvider.GetRequiredService<LiveCountsState>().StartAsync(
            new CurrentUser("u", "学生", Roles.Student, null, 1, null));
        Assert.Equal(before + 3, notifier.SubscriberCount);

        await circuits[0].DisposeAsync();
        Assert.Equal(before + 2, notifier.SubscriberCount);
        foreach (var c in circuits.Skip(1)) await c.DisposeAsync();
        Assert.Equal(before, notifier.SubscriberCount);
    }

    [Fact]
    public void A_failing_subscriber_does_not_keep_the_others_from_hearing_the_change()
    {
        var notifier = new LiveNotifier();
        var heard = new List<LiveChange>();
        notifier.Changed += _ => throw new InvalidOperationException("a broken page");
        notifier.Changed += heard.Add;
        var change = LiveChange.For(employerId: 1, studentId: 2, schoolId: 3);

        notifier.Publish(change);

        Assert.Equal([change], heard);
    }

    [Fact]
    public void Without_Live_Redis_the_notifier_stays_in_process()
    {
        var notifier = new LiveNotifier(Options.Create(new LiveOptions()), NullLogger<LiveNotifier>.Instance);
        Assert.False(notifier.UsesRedis);
    }

    [Fact]
    public async Task Two_servers_on_one_Redis_hear_each_others_changes_and_their_own_only_once()
    {
        await using var redis = await RedisServer.StartAsync();
        using var a = WithRedis(redis.ConnectionString);
        using var b = WithRedis(redis.ConnectionString);
        Assert.True(a.UsesRedis);
        var heardByA = new List<LiveChange>();
        var heardByB = new List<LiveChange>();
        var bGotIt = new TaskCompletionSource<LiveChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        var aGotIt = new TaskCompletionSource<LiveChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Changed += c => { lock (heardByA) heardByA.Add(c); if (c.SchoolIds.Contains(9)) aGotIt.TrySetResult(c); };
        b.Changed += c => { lock (heardByB) heardByB.Add(c); bGotIt.TrySetResult(c); };

        a.Publish(LiveChange.For(employerId: 7, studentId: 8, schoolId: 3));
        var received = await bGotIt.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([7], received.EmployerIds);
        Assert.Equal([8], received.StudentIds);
        Assert.Equal([3], received.SchoolIds);

        // B answers; by the time A hears it, A's own earlier message has come back through Redis too, and was ignored.
        b.Publish(LiveChange.For(schoolId: 9));
        await aGotIt.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (heardByA) Assert.Equal(2, heardByA.Count); // its own change once (locally), then B's
        lock (heardByB) Assert.Equal(2, heardByB.Count);
    }
}
