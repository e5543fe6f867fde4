using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Audit;
using WllmSign.Domain.Common;
using WllmSign.Domain.Notifications;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Live;
using Microsoft.Extensions.DependencyInjection;
using WllmSign.Portal.Features.Signings;
using WllmSign.Portal.Features.StudentArea;

namespace WllmSign.Tests.Features.StudentArea;

/// <summary>同意签约 / 拒绝 and the expiry job on real SQLite with a fake clock.</summary>
public sealed class StudentInvitationTests : StudentAreaTestBase
{
    private StudentInvitationService Invitations => Service<StudentInvitationService>();

    [Fact]
    public async Task Accept_one_second_before_the_deadline_goes_to_verification_and_tells_the_employer_and_the_school()
    {
        var id = await Given.Invites(Students[0].Id);
        var deadline = (await LoadAsync(id)).Deadline;
        Clock.Set(deadline.AddSeconds(-1));

        await Invitations.AcceptAsync(StudentUser(Students[0].Id), id);

        var s = await LoadAsync(id);
        Assert.Equal(SigningStatus.AwaitingVerification, s.Status);
        Assert.Equal((Actor.StudentDisplayName, TrailActions.Accept), (s.Trail[^1].ActorName, s.Trail[^1].Action));
        await using var db = NewDb();
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.Employer && n.RecipientId == EmployerId && n.Title == "学生已同意签约"));
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.School && n.RecipientId == SchoolId));
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.ToAddress == DemoData.EmployerEmail));
    }

    [Fact]
    public async Task Accept_and_decline_are_audited_with_the_student_and_the_signing()
    {
        var accepted = await Given.Invites(Students[0].Id);
        var declined = await Given.Invites(Students[1].Id);

        await Invitations.AcceptAsync(StudentUser(Students[0].Id), accepted);
        await Invitations.DeclineAsync(StudentUser(Students[1].Id), declined, "已有其他安排");

        await using var db = NewDb();
        var entries = await db.AuditLog.Where(e => e.SigningId == accepted || e.SigningId == declined).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([(AuditActions.InvitationAccepted, accepted), (AuditActions.InvitationDeclined, declined)],
            entries.Select(e => (e.Action, e.SigningId ?? 0)));
        Assert.All(entries, e => Assert.Equal(Roles.Student, e.Role));
        Assert.All(entries, e => Assert.Equal(SchoolId, e.SchoolId));
    }

    [Fact]
    public async Task Accept_at_the_deadline_is_refused_and_changes_nothing()
    {
        var id = await Given.Invites(Students[0].Id);
        var before = await LoadAsync(id);
        Clock.Set(before.Deadline);

        var ex = await Assert.ThrowsAsync<DomainException>(() => Invitations.AcceptAsync(StudentUser(Students[0].Id), id));

        Assert.Equal(before.ExpiredMessage(), ex.Message);
        var after = await LoadAsync(id);
        Assert.Equal(SigningStatus.Invited, after.Status);
        Assert.Equal(before.Version, after.Version);
        var view = await Invitations.GetAsync(StudentUser(Students[0].Id), id);
        Assert.Equal("已过期", view!.ResponseText);
        Assert.False(view.CanAnswer);
    }

    [Fact]
    public async Task Accept_while_another_agreement_is_active_is_refused_with_the_reason()
    {
        var first = await Given.Invites(Students[0].Id);
        // A second employer, resident at the same school with confirmed signing information, invites the same student.
        var second = await Given.Employer(await Given.AddOtherEmployerAsync()).Invites(Students[0].Id);
        await Invitations.AcceptAsync(StudentUser(Students[0].Id), first);

        var view = await Invitations.GetAsync(StudentUser(Students[0].Id), second);
        Assert.Equal(Signing.OtherActiveAgreementMessage, view!.AcceptBlockedReason);
        var ex = await Assert.ThrowsAsync<DomainException>(() => Invitations.AcceptAsync(StudentUser(Students[0].Id), second));
        Assert.Equal(Signing.OtherActiveAgreementMessage, ex.Message);
        Assert.Equal(SigningStatus.Invited, (await LoadAsync(second)).Status);
    }

    [Fact]
    public async Task Accept_of_a_withdrawn_invitation_is_refused()
    {
        var id = await Given.Invites(Students[0].Id);
        await using (var db = NewDb())
        {
            var s = (await WllmSign.Portal.Features.Signings.SigningStore.LoadAsync(db, id))!;
            s.Withdraw(Actor.Employer(EmployerId, EmployerName), Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var ex = await Assert.ThrowsAsync<DomainException>(() => Invitations.AcceptAsync(StudentUser(Students[0].Id), id));

        Assert.Contains("单位已撤回", ex.Message, StringComparison.Ordinal);
        Assert.Equal(SigningStatus.Withdrawn, (await LoadAsync(id)).Status);
    }

    [Fact]
    public async Task Another_students_invitation_is_not_found_and_cannot_be_accepted_or_declined()
    {
        var id = await Given.Invites(Students[0].Id);
        var intruder = StudentUser(Students[1].Id);

        Assert.Null(await Invitations.GetAsync(intruder, id));
        Assert.DoesNotContain(await Invitations.ListAsync(intruder), r => r.Id == id);
        var ex = await Assert.ThrowsAsync<DomainException>(() => Invitations.AcceptAsync(intruder, id));
        Assert.Equal(StudentInvitationService.NotFoundMessage, ex.Message);
        await Assert.ThrowsAsync<DomainException>(() => Invitations.DeclineAsync(intruder, id, null));
        Assert.Equal(SigningStatus.Invited, (await LoadAsync(id)).Status);
    }

    [Fact]
    public async Task Decline_with_a_reason_is_recorded_and_the_employer_is_told()
    {
        var id = await Given.Invites(Students[0].Id);

        await Invitations.DeclineAsync(StudentUser(Students[0].Id), id, "已选择继续深造");

        var s = await LoadAsync(id);
        Assert.Equal(SigningStatus.Declined, s.Status);
        Assert.Equal("已选择继续深造", s.Trail[^1].Remark);
        await using var db = NewDb();
        var note = await db.Notifications.SingleAsync(n => n.RecipientKind == RecipientKind.Employer && n.Title == "学生已拒绝签约");
        Assert.Contains("已选择继续深造", note.Body, StringComparison.Ordinal);
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.ToAddress == DemoData.EmployerEmail));
        var row = Assert.Single(await Invitations.ListAsync(StudentUser(Students[0].Id)));
        Assert.Equal("学生已拒绝", row.ResponseText);
    }

    [Fact]
    public async Task Decline_reason_over_200_characters_is_refused()
    {
        var id = await Given.Invites(Students[0].Id);
        await Assert.ThrowsAsync<DomainException>(() => Invitations.DeclineAsync(StudentUser(Students[0].Id), id, new string('长', 201)));
        Assert.Equal(SigningStatus.Invited, (await LoadAsync(id)).Status);
    }

    [Fact]
    public async Task Expiry_job_marks_an_invitation_past_its_deadline_expired_and_writes_the_trail()
    {
        var open = await Given.Invites(Students[0].Id, NewOffer(10));
        var due = await Given.Invites(Students[1].Id, NewOffer(1));
        var deadline = (await LoadAsync(due)).Deadline;
        var job = Service<InvitationExpiryJob>();

        Clock.Set(deadline.AddSeconds(-1));
        Assert.Equal(0, (await job.RunOnceAsync()).Expired);
        Clock.Set(deadline.AddMinutes(1));
        Assert.Equal(1, (await job.RunOnceAsync()).Expired);
        Assert.Equal(0, (await job.RunOnceAsync()).Expired);

        var s = await LoadAsync(due);
        Assert.Equal(SigningStatus.Expired, s.Status);
        var last = s.Trail[^1];
        Assert.Equal((Actor.SystemDisplayName, TrailActions.Expire, deadline), (last.ActorName, last.Action, last.At));
        Assert.Equal(SigningStatus.Invited, (await LoadAsync(open)).Status);
    }

    [Fact]
    public async Task Expiry_job_tells_everyone_concerned_once_for_invitations_expiring_together_and_the_badge_shows_the_final_count()
    {
        var due = new List<int>();
        foreach (var (student, _) in Students.Take(3)) due.Add(await Given.Invites(student, NewOffer(1)));
        var deadline = (await LoadAsync(due[0])).Deadline;
        // The employer's circuit is open before the deadline: its 签约待办 counts the three.
        await using var circuit = Portal.Services.CreateAsyncScope();
        var employer = circuit.ServiceProvider.GetRequiredService<LiveCountsState>();
        await employer.StartAsync(new CurrentUser("e", "单位", Roles.Employer, EmployerId, null, null));
        var before = employer.Counts.EmployerSigning;
        var reloaded = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        employer.Updated += change =>
        {
            if (change is not null) reloaded.TrySetResult(employer.Counts.EmployerSigning);
            return Task.CompletedTask;
        };
        var heard = new List<LiveChange>();
        Service<LiveNotifier>().Changed += c => { lock (heard) heard.Add(c); };

        Clock.Set(deadline.AddMinutes(1));
        Assert.Equal(3, (await Service<InvitationExpiryJob>().RunOnceAsync()).Expired);

        // One change for the three expiries (not one each), concerning the employer, the three students and the school.
        lock (heard)
        {
            var change = Assert.Single(heard);
            Assert.Equal([EmployerId], change.EmployerIds);
            Assert.Equal(Students.Take(3).Select(s => s.Id).Order(), change.StudentIds.Order());
            Assert.Equal([SchoolId], change.SchoolIds);
        }
        Assert.Equal(before - 3, await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Reminder_is_sent_once_when_less_than_a_day_is_left()
    {
        var id = await Given.Invites(Students[0].Id, NewOffer(3));
        var deadline = (await LoadAsync(id)).Deadline;
        var job = Service<InvitationExpiryJob>();

        Clock.Set(deadline - TimeSpan.FromHours(25));
        Assert.Equal(0, (await job.RunOnceAsync()).Reminded);
        Clock.Set(deadline - TimeSpan.FromHours(23));
        Assert.Equal(1, (await job.RunOnceAsync()).Reminded);
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await job.RunOnceAsync()).Reminded);

        await using var db = NewDb();
        var reminders = await db.Notifications.Where(n => n.RecipientKind == RecipientKind.Student && n.RecipientId == Students[0].Id
                                                          && n.Title == InvitationExpiryJob.ReminderTitle).ToListAsync();
        var reminder = Assert.Single(reminders);
        Assert.Equal(SigningEffects.InvitationLink(id), reminder.Link);
        // Students[0] is the demo student with an account: the email goes to the account address, once.
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.ToAddress == DemoData.StudentEmail && o.Subject.StartsWith(InvitationExpiryJob.ReminderTitle)));
    }
}
