using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Domain.Notifications;
using WllmSign.Domain.Residencies;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Features.DataCenter;
using WllmSign.Portal.Features.Lists;
using WllmSign.Portal.Features.Live;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.DataCenter;

/// <summary>The manual's lists (issue #19): 流程追踪 newest first, 待办 counts equal to the lists they open, 已签约成功学生列表.</summary>
public sealed class ManualListsTests : IAsyncLifetime
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8)));
    private readonly PortalFactory portal;
    private Given given = default!;

    public ManualListsTests()
    {
        portal = new PortalFactory(seedDemo: true, clock: clock, servicesOnly: true);
    }

    public async Task InitializeAsync() => given = await Given.InAsync(portal, clock, TimeSpan.FromMinutes(1));
    public async Task DisposeAsync() => await portal.DisposeAsync();

    private EmployerSigningListService Lists => portal.Services.GetRequiredService<EmployerSigningListService>();

    private async Task<List<int>> IdsAsync(DataTab tab) =>
        (await Lists.ListAsync(given.EmployerUser, tab, new(), new PageRequest(Size: 100))).Items.Select(r => r.Id).ToList();

    [Fact]
    public async Task Process_trail_lists_the_newest_entry_first()
    {
        var id = await given.Invites().Reaching(SigningState.Terminated);
        var detail = await portal.Services.GetRequiredService<SigningDetailService>().GetAsync(given.EmployerUser, id);

        Assert.Equal(
            [TrailActions.ApproveTermination, TrailActions.AgreeTermination, TrailActions.StudentRequestsTermination,
             TrailActions.ApproveVerification, TrailActions.Accept, TrailActions.Invite],
            detail!.Trail.Select(t => t.Action));
        Assert.True(detail.Trail.Zip(detail.Trail.Skip(1)).All(p => p.First.At >= p.Second.At));
    }

    [Fact]
    public async Task Termination_todo_count_and_the_pending_termination_tab_are_the_same_set()
    {
        var mine = await given.Invites().Reaching(SigningState.TerminationRequestedByEmployer);
        var theirs = await given.Invites().Reaching(SigningState.TerminationRequestedByStudent);
        await given.Invites().Reaching(SigningState.Effective);
        await given.Invites().Reaching(SigningState.TerminationAwaitingVerification);

        var counts = await portal.Services.GetRequiredService<PendingCountsService>().GetAsync(given.EmployerUser);
        var listed = await IdsAsync(DataTab.TerminationPending);

        Assert.Equal(counts.EmployerTermination, listed.Count);
        Assert.Equal(new[] { mine, theirs }.Order(), listed.Order());
    }

    [Fact]
    public async Task Termination_menu_badge_and_the_student_requests_tab_are_the_same_set()
    {
        await given.Invites().Reaching(SigningState.TerminationRequestedByEmployer); // awaits the student: not in the employer's list
        var theirs = await given.Invites().Reaching(SigningState.TerminationRequestedByStudent);
        await given.Invites().Reaching(SigningState.TerminationAwaitingVerification);

        var counts = await portal.Services.GetRequiredService<PendingCountsService>().GetAsync(given.EmployerUser);
        var listed = (await Lists.ListAsync(given.EmployerUser, TerminationTab.StudentRequests, new(), new PageRequest(Size: 100)))
            .Items.Select(r => r.Id).ToList();

        Assert.Equal(1, counts.EmployerStudentRequests);
        Assert.Equal([theirs], listed);
    }

    [Fact]
    public async Task A_reload_of_the_live_counts_is_one_SQL_statement_for_each_role_and_counts_what_separate_COUNTs_count()
    {
        var studentId = given.NextStudent();
        await given.Invites(studentId).Reaching(SigningState.Invited);
        var verifying = await given.Invites().Reaching(SigningState.AwaitingVerification);
        await given.Invites().Reaching(SigningState.TerminationAwaitingVerification);
        int schoolId;
        PendingCountsSnapshot employerWant, studentWant, schoolWant;
        var now = clock.GetUtcNow();
        await using (var db = given.NewDb())
        {
            var verifyingStudent = await db.Signings.Where(x => x.Id == verifying).Select(x => x.StudentId).SingleAsync();
            schoolId = await db.Students.Where(st => st.Id == verifyingStudent).Select(st => st.SchoolId).SingleAsync();
            var e = given.EmployerId;
            employerWant = PendingCountsSnapshot.Empty with
            {
                EmployerSigning = await db.Signings.CountAsync(PendingCounts.EmployerSigning(e, now)),
                EmployerTermination = await db.Signings.CountAsync(PendingCounts.EmployerTermination(e)),
                EmployerStudentRequests = await db.Signings.CountAsync(PendingCounts.EmployerStudentRequests(e)),
                UnreadNotifications = await db.Notifications.CountAsync(n => n.RecipientKind == RecipientKind.Employer && n.RecipientId == e && n.ReadAt == null),
            };
            studentWant = PendingCountsSnapshot.Empty with
            {
                StudentInvitations = await db.Signings.CountAsync(PendingCounts.StudentInvitations(studentId, now)),
                StudentTerminations = await db.Signings.CountAsync(PendingCounts.StudentTerminations(studentId)),
                UnreadNotifications = await db.Notifications.CountAsync(n => n.RecipientKind == RecipientKind.Student && n.RecipientId == studentId && n.ReadAt == null),
            };
            schoolWant = PendingCountsSnapshot.Empty with
            {
                SchoolSigningVerifications = await db.Signings.CountAsync(PendingCounts.SchoolSigningVerifications(schoolId)),
                SchoolTerminationVerifications = await db.Signings.CountAsync(PendingCounts.SchoolTerminationVerifications(schoolId)),
                SchoolResidencies = await db.Residencies.CountAsync(r => r.SchoolId == schoolId && r.Status == ResidencyStatus.Pending),
                UnreadNotifications = await db.Notifications.CountAsync(n => n.RecipientKind == RecipientKind.School && n.RecipientId == schoolId && n.ReadAt == null),
            };
        }
        Assert.Equal(1, studentWant.StudentInvitations);
        Assert.True(schoolWant.SchoolSigningVerifications >= 1);

        var factory = new RecordingFactory(portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        var service = new PendingCountsService(factory, clock);
        using var commands = new CommandsOf(factory.Made);
        Assert.Equal(employerWant, await service.GetAsync(given.EmployerUser));
        Assert.Equal(studentWant, await service.GetAsync(new CurrentUser("student", "学生", Roles.Student, null, studentId, null)));
        Assert.Equal(schoolWant, await service.GetAsync(new CurrentUser("school", "管理员", Roles.SchoolAdmin, null, null, schoolId)));
        Assert.Equal(3, commands.Count);
    }

    /// <summary>The portal's context factory, remembering the contexts it made.</summary>
    private sealed class RecordingFactory(IDbContextFactory<AppDbContext> inner) : IDbContextFactory<AppDbContext>
    {
        public ConcurrentDictionary<DbContext, bool> Made { get; } = new();

        public AppDbContext CreateDbContext() => Remember(inner.CreateDbContext());
        public async Task<AppDbContext> CreateDbContextAsync(CancellationToken ct = default) => Remember(await inner.CreateDbContextAsync(ct));
        private AppDbContext Remember(AppDbContext db) { Made[db] = true; return db; }
    }

    /// <summary>Counts the SQL commands EF Core executed for the given contexts (other tests run beside this one).</summary>
    private sealed class CommandsOf : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly ConcurrentDictionary<DbContext, bool> contexts;
        private readonly IDisposable all;
        private readonly List<IDisposable> subscriptions = [];
        private int count;

        public CommandsOf(ConcurrentDictionary<DbContext, bool> contexts)
        {
            this.contexts = contexts;
            all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Count => Volatile.Read(ref count);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name) lock (subscriptions) subscriptions.Add(value.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData d && d.Context is { } c && contexts.ContainsKey(c))
                Interlocked.Increment(ref count);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            all.Dispose();
            lock (subscriptions) subscriptions.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Signing_todo_count_and_the_awaiting_response_tab_are_the_same_set()
    {
        var open = await given.Invites().Reaching(SigningState.Invited);
        await given.Invites().Reaching(SigningState.InvitedPastDeadline);
        await given.Invites().Reaching(SigningState.AwaitingVerification);

        var counts = await portal.Services.GetRequiredService<PendingCountsService>().GetAsync(given.EmployerUser);
        Assert.Equal(1, counts.EmployerSigning);
        Assert.Equal([open], await IdsAsync(DataTab.AwaitingResponse));
    }

    [Fact]
    public async Task Signed_successfully_list_leaves_out_agreements_whose_student_asked_to_terminate()
    {
        var plain = await given.Invites().Reaching(SigningState.Effective);
        var askedThenRefused = await given.Invites().Reaching(SigningState.TerminationRequestedByStudent);
        await using (var db = given.NewDb())
        {
            var s = (await SigningStore.LoadAsync(db, askedThenRefused))!;
            s.RejectTermination(Actor.Employer(given.EmployerId, given.EmployerName), "不同意", clock.GetUtcNow().AddMinutes(30));
            await db.SaveOrConflictAsync();
        }

        var listed = (await Lists.ListAsync(given.EmployerUser, TerminationTab.EffectiveAgreements, new(), new PageRequest(Size: 100)))
            .Items.Select(r => r.Id).ToList();

        Assert.Equal([plain], listed);
        Assert.Contains(askedThenRefused, await IdsAsync(DataTab.Responded)); // still an effective agreement in 数据管理
    }
}
