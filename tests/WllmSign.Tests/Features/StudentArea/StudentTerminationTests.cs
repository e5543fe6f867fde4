using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Common;
using WllmSign.Domain.Notifications;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Features.Signings;
using WllmSign.Portal.Features.StudentArea;

namespace WllmSign.Tests.Features.StudentArea;

/// <summary>我的协议 and 解约 on real SQLite: once only (rule 7), answering the employer, profile fields.</summary>
public sealed class StudentTerminationTests : StudentAreaTestBase
{
    private StudentAgreementService Agreements => Service<StudentAgreementService>();

    private async Task<int> EffectiveAgreementAsync(int studentIndex)
    {
        var id = await Given.Invites(Students[studentIndex].Id);
        await Service<StudentInvitationService>().AcceptAsync(StudentUser(Students[studentIndex].Id), id);
        await Given.Signing(id).Verified();
        return id;
    }

    [Fact]
    public async Task Student_may_request_termination_once_and_a_second_request_is_refused()
    {
        var id = await EffectiveAgreementAsync(0);
        var me = StudentUser(Students[0].Id);
        Assert.True((await Agreements.GetAsync(me))!.CanRequestTermination);

        await Agreements.RequestTerminationAsync(me, id, "个人原因，决定考研");

        var view = (await Agreements.GetAsync(me))!;
        Assert.Equal(SigningStatus.TerminationRequested, view.Detail.Status);
        Assert.True(view.MyRequestPending);
        Assert.False(view.CanRequestTermination);
        await using (var db = NewDb())
        {
            Assert.True(await db.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.Employer && n.Title == "学生提出解约申请"));
        }

        // The employer refuses: the agreement is in force again, but the student's one chance is spent.
        await using (var db = NewDb())
        {
            var s = (await SigningStore.LoadAsync(db, id))!;
            s.RejectTermination(Actor.Employer(EmployerId, EmployerName), "不同意", Clock.GetUtcNow());
            await db.SaveOrConflictAsync();
        }
        view = (await Agreements.GetAsync(me))!;
        Assert.Equal(SigningStatus.Effective, view.Detail.Status);
        Assert.False(view.CanRequestTermination);
        Assert.True(view.TerminationChanceSpent);
        var ex = await Assert.ThrowsAsync<DomainException>(() => Agreements.RequestTerminationAsync(me, id, "再次申请"));
        Assert.Equal(Signing.TerminationChanceSpentMessage, ex.Message);
        Assert.Equal(SigningStatus.Effective, (await LoadAsync(id)).Status);
    }

    [Fact]
    public async Task Termination_request_needs_a_reason_of_at_most_200_characters()
    {
        var id = await EffectiveAgreementAsync(0);
        var me = StudentUser(Students[0].Id);
        await Assert.ThrowsAsync<DomainException>(() => Agreements.RequestTerminationAsync(me, id, " "));
        await Assert.ThrowsAsync<DomainException>(() => Agreements.RequestTerminationAsync(me, id, new string('因', 201)));
        Assert.True((await Agreements.GetAsync(me))!.CanRequestTermination);
    }

    [Fact]
    public async Task Student_agrees_to_the_employers_request_and_it_goes_to_the_school()
    {
        var id = await EffectiveAgreementAsync(0);
        await using (var db = NewDb())
        {
            var s = (await SigningStore.LoadAsync(db, id))!;
            s.RequestTermination(Actor.Employer(EmployerId, EmployerName), "岗位调整", Clock.GetUtcNow());
            await db.SaveOrConflictAsync();
        }
        var me = StudentUser(Students[0].Id);
        var view = (await Agreements.GetAsync(me))!;
        Assert.True(view.EmployerRequestAwaitsMe);
        Assert.Equal("岗位调整", view.Detail.TerminationReason);

        await Agreements.AgreeTerminationAsync(me, id);

        Assert.Equal(SigningStatus.TerminationAwaitingVerification, (await LoadAsync(id)).Status);
        await using var check = NewDb();
        Assert.True(await check.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.Employer && n.Title == "学生已同意解约"));
        Assert.True(await check.Notifications.AnyAsync(n => n.RecipientKind == RecipientKind.School && n.RecipientId == SchoolId && n.Title == "新的解约待鉴证"));
    }

    [Fact]
    public async Task Student_rejects_the_employers_request_and_the_agreement_stays_in_force()
    {
        var id = await EffectiveAgreementAsync(0);
        await using (var db = NewDb())
        {
            var s = (await SigningStore.LoadAsync(db, id))!;
            s.RequestTermination(Actor.Employer(EmployerId, EmployerName), "岗位调整", Clock.GetUtcNow());
            await db.SaveOrConflictAsync();
        }

        await Agreements.RejectTerminationAsync(StudentUser(Students[0].Id), id, "希望按约定入职");

        var s2 = await LoadAsync(id);
        Assert.Equal(SigningStatus.Effective, s2.Status);
        Assert.Equal("希望按约定入职", s2.TerminationAnswerReason);
    }

    [Fact]
    public async Task Another_student_cannot_request_termination_of_my_agreement()
    {
        var id = await EffectiveAgreementAsync(0);
        var intruder = StudentUser(Students[1].Id);
        Assert.Null(await Agreements.GetAsync(intruder));
        var ex = await Assert.ThrowsAsync<DomainException>(() => Agreements.RequestTerminationAsync(intruder, id, "冒名"));
        Assert.Equal(StudentInvitationService.NotFoundMessage, ex.Message);
        Assert.Equal(SigningStatus.Effective, (await LoadAsync(id)).Status);
    }

    [Fact]
    public async Task Profile_saves_the_contact_fields_and_refuses_a_bad_phone_without_changing_anything()
    {
        var me = StudentUser(Students[0].Id);
        var profiles = Service<StudentProfileService>();
        var input = (await profiles.GetAsync(me)).Contact;
        input.PoliticalStatus = "中共预备党员";
        input.Phone = "13912345678";
        input.Address = "湖北省武汉市洪山区南李路28号";
        await profiles.SaveAsync(me, input);

        var saved = await profiles.GetAsync(me);
        Assert.Equal(("中共预备党员", "13912345678", "湖北省武汉市洪山区南李路28号"), (saved.Contact.PoliticalStatus, saved.Contact.Phone, saved.Contact.Address));
        Assert.Equal(IdNumber.Parse(saved.IdNumber).Gender, saved.Gender);

        saved.Contact.Phone = "12345";
        saved.Contact.Address = "别处";
        await Assert.ThrowsAsync<DomainException>(() => profiles.SaveAsync(me, saved.Contact));
        var after = await profiles.GetAsync(me);
        Assert.Equal(("13912345678", "湖北省武汉市洪山区南李路28号"), (after.Contact.Phone, after.Contact.Address));
    }
}
