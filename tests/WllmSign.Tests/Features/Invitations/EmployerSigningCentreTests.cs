using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using WllmSign.Domain.Audit;
using WllmSign.Domain.Common;
using WllmSign.Domain.Employers;
using WllmSign.Domain.Invitations;
using WllmSign.Domain.Notifications;
using WllmSign.Domain.Residencies;
using WllmSign.Domain.Signings;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.EmployerProfile;
using WllmSign.Portal.Features.EmployerResidency;
using WllmSign.Portal.Features.Home;
using WllmSign.Portal.Features.Invitations;
using WllmSign.Portal.Features.Lists;
using WllmSign.Portal.Features.Notifications;
using WllmSign.Portal.Features.Signings;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Invitations;

/// <summary>The employer signing centre's services on the real portal and a real SQLite file: one test per rule the screens use.</summary>
public sealed class EmployerSigningCentreTests : IAsyncLifetime
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
    private readonly PortalFactory baseFactory;
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> portal;
    private CurrentUser employer = default!;
    private int employerId, residentSchool, otherResidentSchool, foreignSchool;
    private List<StudentKeys> students = [];
    private LetterContext unit = default!;
    private Given given = default!;

    private sealed record StudentKeys(int Id, int SchoolId, int Year, string Name, string IdNumber);

    public EmployerSigningCentreTests()
    {
        baseFactory = new PortalFactory(seedDemo: true, clock: clock, servicesOnly: true);
        portal = baseFactory.WithoutBackgroundJobs();
    }

    public async Task InitializeAsync()
    {
        await using var db = NewDb();
        employerId = await db.Employers.Where(e => e.CreditCode == DemoData.EmployerCreditCode).Select(e => e.Id).SingleAsync();
        var userId = await db.Users.Where(u => u.EmployerId == employerId).Select(u => u.Id).SingleAsync();
        employer = new CurrentUser(userId, DemoData.EmployerName, Roles.Employer, employerId, null, null);
        residentSchool = await SchoolAsync(db, "10500");
        otherResidentSchool = await SchoolAsync(db, "10491");
        foreignSchool = await SchoolAsync(db, "10504");
        var year = WllmSign.Domain.Students.GraduationYear.Current(clock);
        students = await db.Students.Where(s => s.SchoolId == residentSchool && s.GraduationYear == year).OrderBy(s => s.Id)
            .Select(s => new StudentKeys(s.Id, s.SchoolId, s.GraduationYear, s.Name, s.IdNumber)).ToListAsync();
        unit = await Send.LetterAsync(employer);
        given = await Given.InAsync(NewDb, clock, offer: _ => Offer.Create(Letter().ToDraft(), ChinaTime.Today(clock)));
    }

    public async Task DisposeAsync()
    {
        await portal.DisposeAsync();
        await baseFactory.DisposeAsync();
    }

    private static Task<int> SchoolAsync(AppDbContext db, string code) => db.Schools.Where(s => s.Code == code).Select(s => s.Id).SingleAsync();
    private AppDbContext NewDb() => portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
    private T Service<T>() where T : notnull => portal.Services.GetRequiredService<T>();
    private EmployerSearchService Search => Service<EmployerSearchService>();
    private EmployerSendService Send => Service<EmployerSendService>();

    private static StudentSearchForm Keys(StudentKeys s) => new() { SchoolId = s.SchoolId, GraduationYear = s.Year, Name = s.Name, IdNumber = s.IdNumber };

    /// <summary>The demo unit's letter as the page starts it (档案/户口 pre-filled from its 签约信息), with the terms typed.</summary>
    private LetterForm Letter()
    {
        var f = LetterForm.For(unit);
        f.JobCategory = "计算机与网络";
        f.Position = "PHP前端工程师";
        f.FeedbackDays = 5;
        f.ProbationDays = 60;
        f.ProbationSalary = 4000;
        f.RegularSalary = 5000;
        f.Penalty = 1000;
        f.ReportProvince = "湖北省";
        f.ReportCity = "武汉市";
        f.ReportDetail = "洪山区街道口银泰创意城1708室";
        f.ReportDeadline = new DateTime(2027, 7, 1);
        f.WorkProvince = "湖北省";
        f.WorkCity = "武汉市";
        f.WorkDetail = "洪山区街道口";
        f.ContactName = "董先生";
        f.ContactPhone = "15821082340";
        return f;
    }

    private async Task AddToListAsync(params StudentKeys[] list)
    {
        foreach (var s in list) await Search.AddToSendListAsync(employer, s.Id);
    }

    private async Task<List<int>> SendListIdsAsync()
    {
        await using var db = NewDb();
        return await db.SendList.Where(e => e.EmployerId == employerId).Select(e => e.StudentId).OrderBy(x => x).ToListAsync();
    }

    private async Task<List<Signing>> SigningsOfAsync(int studentId)
    {
        await using var db = NewDb();
        return await db.Signings.Where(s => s.EmployerId == employerId && s.StudentId == studentId).ToListAsync();
    }

    // ------------------------------------------------------------------ rule 1: residency

    [Fact]
    public async Task Search_at_a_school_without_residency_is_refused_and_the_school_is_not_offered()
    {
        await using (var db = NewDb())
        {
            var stranger = await db.Students.FirstAsync(s => s.SchoolId == foreignSchool);
            var form = new StudentSearchForm { SchoolId = foreignSchool, GraduationYear = stranger.GraduationYear, Name = stranger.Name, IdNumber = stranger.IdNumber };
            var ex = await Assert.ThrowsAsync<DomainException>(() => Search.SearchAsync(employer, form));
            Assert.Equal(Signing.NoResidencyMessage, ex.Message);
            var add = await Assert.ThrowsAsync<DomainException>(() => Search.AddToSendListAsync(employer, stranger.Id));
            Assert.Equal(Signing.NoResidencyMessage, add.Message);
        }
        var offered = await Search.ResidentSchoolsAsync(employer);
        Assert.Equal(new[] { residentSchool, otherResidentSchool }.Order(), offered.Select(s => s.Id).Order());
        Assert.DoesNotContain(offered, s => s.Id == foreignSchool);
    }

    [Fact]
    public async Task Applying_for_residency_creates_a_pending_application_and_reapplying_after_a_rejection_reopens_it()
    {
        var residencies = Service<EmployerResidencyService>();
        Assert.Equal(EmployerResidencyService.AppliedMessage, await residencies.ApplyAsync(employer, foreignSchool));
        var again = await Assert.ThrowsAsync<DomainException>(() => residencies.ApplyAsync(employer, foreignSchool));
        Assert.Equal("入驻申请正在审核中，请耐心等待", again.Message);

        var page = await residencies.ListAsync(employer, "华中农业", new PageRequest(0, 10));
        Assert.Equal("审核中", Assert.Single(page.Items).StatusText);

        await using (var db = NewDb())
        {
            var r = await db.Residencies.SingleAsync(x => x.EmployerId == employerId && x.SchoolId == foreignSchool);
            r.Reject("school10504@wllm.test", "资料不全", clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
        Assert.Equal("未通过", (await residencies.ListAsync(employer, "华中农业", new PageRequest(0, 10))).Items.Single().StatusText);
        await residencies.ApplyAsync(employer, foreignSchool);
        Assert.Equal("审核中", (await residencies.ListAsync(employer, "华中农业", new PageRequest(0, 10))).Items.Single().StatusText);
    }

    [Fact]
    public async Task School_list_is_paged_in_the_database_and_shows_the_employers_status()
    {
        var residencies = Service<EmployerResidencyService>();
        var first = await residencies.ListAsync(employer, null, new PageRequest(0, 10));
        var second = await residencies.ListAsync(employer, null, new PageRequest(1, 10));
        Assert.Equal(DemoData.Schools.Length, first.Total);
        Assert.Equal(10, first.Items.Count);
        Assert.Equal(DemoData.Schools.Length - 10, second.Items.Count);
        Assert.Equal("已入驻", first.Items.Single(r => r.SchoolId == residentSchool).StatusText);
        Assert.Equal("未入驻", first.Items.Concat(second.Items).Single(r => r.SchoolId == foreignSchool).StatusText);
    }

    // ------------------------------------------------------------------ rule 2: four keys

    [Fact]
    public async Task Search_with_all_four_keys_finds_the_student()
    {
        var s = students[0];
        var found = await Search.SearchAsync(employer, Keys(s));
        Assert.NotNull(found);
        Assert.Equal(s.Id, found.StudentId);
        Assert.Equal("湖北工业大学", found.School);
        Assert.Equal("未签约", found.EmploymentStatus);
    }

    [Fact]
    public async Task Search_with_three_of_four_keys_finds_nothing()
    {
        var s = students[0];
        var other = students[1];
        StudentSearchForm[] nearMisses =
        [
            new() { SchoolId = otherResidentSchool, GraduationYear = s.Year, Name = s.Name, IdNumber = s.IdNumber },
            new() { SchoolId = s.SchoolId, GraduationYear = s.Year - 1, Name = s.Name, IdNumber = s.IdNumber },
            new() { SchoolId = s.SchoolId, GraduationYear = s.Year, Name = s.Name + "某", IdNumber = s.IdNumber },
            new() { SchoolId = s.SchoolId, GraduationYear = s.Year, Name = s.Name[..1], IdNumber = s.IdNumber },
            new() { SchoolId = s.SchoolId, GraduationYear = s.Year, Name = s.Name, IdNumber = other.IdNumber },
        ];
        foreach (var form in nearMisses) Assert.Null(await Search.SearchAsync(employer, form));

        var missing = await Assert.ThrowsAsync<DomainException>(() =>
            Search.SearchAsync(employer, new StudentSearchForm { SchoolId = s.SchoolId, GraduationYear = s.Year, IdNumber = s.IdNumber }));
        Assert.Equal("请输入学生姓名", missing.Message);
    }

    [Fact]
    public async Task Malformed_id_number_is_answered_with_the_id_number_message()
    {
        var s = students[0];
        var wrongCheck = s.IdNumber[..17] + (s.IdNumber[17] == '0' ? '1' : '0');
        var ex = await Assert.ThrowsAsync<DomainException>(() => Search.SearchAsync(employer, Keys(s).With(id: wrongCheck)));
        Assert.Equal("身份证号校验位错误，请核对", ex.Message);
        var shortId = await Assert.ThrowsAsync<DomainException>(() => Search.SearchAsync(employer, Keys(s).With(id: "4201")));
        Assert.Equal("身份证号应为18位", shortId.Message);
    }

    [Fact]
    public async Task Search_is_throttled_at_thirty_a_minute_per_employer()
    {
        var form = Keys(students[0]);
        for (var i = 0; i < 30; i++) Assert.NotNull(await Search.SearchAsync(employer, form));
        var ex = await Assert.ThrowsAsync<DomainException>(() => Search.SearchAsync(employer, form));
        Assert.StartsWith("搜索过于频繁，请 ", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("秒后再试", ex.Message, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.NotNull(await Search.SearchAsync(employer, form));
    }

    // ------------------------------------------------------------------ rule 3: send list

    [Fact]
    public async Task A_student_is_on_the_send_list_once()
    {
        Assert.Equal(EmployerSearchService.AddedMessage, await Search.AddToSendListAsync(employer, students[0].Id));
        var ex = await Assert.ThrowsAsync<DomainException>(() => Search.AddToSendListAsync(employer, students[0].Id));
        Assert.Equal(SendListEntry.AlreadyInListMessage, ex.Message);
        Assert.Equal([students[0].Id], await SendListIdsAsync());
        Assert.True((await Search.SearchAsync(employer, Keys(students[0])))!.InSendList);
    }

    [Fact]
    public async Task Rule6_manual_add_to_the_send_list_refuses_a_student_with_an_active_agreement_like_the_import()
    {
        await given.Invites(students[0].Id).Accepted(); // an active agreement (rule 6), awaiting verification
        var ex = await Assert.ThrowsAsync<DomainException>(() => Search.AddToSendListAsync(employer, students[0].Id));
        Assert.Equal(Signing.StudentHasActiveAgreementMessage, ex.Message);
        Assert.Empty(await SendListIdsAsync());
    }

    [Fact]
    public async Task Removing_from_the_send_list_removes_only_the_selected_students()
    {
        await AddToListAsync(students[0], students[1], students[2]);
        Assert.Equal(2, await Send.RemoveAsync(employer, [students[0].Id, students[2].Id]));
        Assert.Equal([students[1].Id], await SendListIdsAsync());
        var page = await Send.SendListAsync(employer, residentSchool, students[1].Year, new PageRequest(0, 10));
        Assert.Equal(1, page.Total);
        Assert.Equal(IdNumber.Mask(students[1].IdNumber), page.Items.Single().MaskedIdNumber);
    }

    // ------------------------------------------------------------------ rule 4: batch with preview

    [Fact]
    public async Task Batch_with_one_ineligible_student_marks_it_in_the_preview_skips_it_and_sends_the_others()
    {
        var (a, b, c) = (students[0], students[1], students[2]);
        await AddToListAsync(a, b, c);
        await given.Invites(c.Id).Accepted(); // an active agreement (rule 6), awaiting verification
        int[] batch = [a.Id, b.Id, c.Id];

        var preview = await Send.PreviewAsync(employer, batch, Letter());
        Assert.Equal(3, preview.Students.Count);
        Assert.Equal(2, preview.Eligible);
        Assert.Equal(Signing.StudentHasActiveAgreementMessage, preview.Students.Single(s => s.StudentId == c.Id).Reason);
        Assert.Equal(new DateOnly(2026, 12, 2), preview.LastDay);
        await using (var db = NewDb()) Assert.Equal(1, await db.Signings.CountAsync()); // the preview sent nothing

        var result = await Send.SendAsync(employer, batch, Letter());
        Assert.Equal([a.Id, b.Id], result.Sent.Select(s => s.StudentId).Order());
        Assert.Equal(c.Id, Assert.Single(result.Skipped).StudentId);
        Assert.Equal([c.Id], await SendListIdsAsync());
        foreach (var s in new[] { a, b })
        {
            var signing = Assert.Single(await SigningsOfAsync(s.Id));
            Assert.Equal(SigningStatus.Invited, signing.Status);
            Assert.Equal("PHP前端工程师", signing.Offer.Position);
            Assert.Equal("湖北省 - 武汉市 洪山区街道口", signing.Offer.WorkPlace);
            Assert.Equal(SigningInfoOptions.ArchiveForwarded, signing.Offer.ArchiveAndHukou.ArchiveReceiving);
            Assert.Equal(new DateOnly(2026, 12, 2), signing.LastDayToRespond);
        }
        await using (var db = NewDb())
        {
            Assert.Equal(2, await db.Notifications.CountAsync(n => n.RecipientKind == WllmSign.Domain.Notifications.RecipientKind.Student
                && (n.RecipientId == a.Id || n.RecipientId == b.Id)));
        }
        var home = await Service<HomeService>().EmployerAsync(employer);
        Assert.Equal(2, home.SigningTodo);
    }

    [Fact]
    public async Task Letter_terms_are_validated_by_the_domain_before_the_preview()
    {
        await AddToListAsync(students[0]);
        var low = Letter();
        low.ProbationSalary = 3000;
        var ex = await Assert.ThrowsAsync<DomainException>(() => Send.PreviewAsync(employer, [students[0].Id], low));
        Assert.Equal(Offer.ProbationPayTooLowMessage, ex.Message);
        var noPlace = Letter();
        noPlace.ReportProvince = noPlace.ReportCity = noPlace.ReportDetail = null;
        Assert.Equal("请选择报到地点", (await Assert.ThrowsAsync<DomainException>(() => Send.PreviewAsync(employer, [students[0].Id], noPlace))).Message);
    }

    [Fact]
    public async Task A_letters_changed_archive_and_hukou_go_into_the_offer_and_the_signing_information_stays_as_it_is()
    {
        await AddToListAsync(students[0]);
        ArchiveAndHukou Profile() { using var db = NewDb(); return db.Employers.AsNoTracking().Single(e => e.Id == employerId).SigningInfo!.ArchiveAndHukou; }
        var before = Profile();
        Assert.Equal(SigningInfoOptions.ArchiveForwarded, before.ArchiveReceiving); // the demo unit forwards the archive

        var letter = Letter();
        Assert.Equal((before.ArchiveReceiving, before.ArchiveForwardUnit, before.HukouReceivingType),
            (letter.ArchiveReceiving, letter.ArchiveForwardUnit, letter.HukouReceivingType)); // pre-filled
        letter.ArchiveReceiving = SigningInfoOptions.ArchiveNotReceived;
        letter.HukouReceivingType = "单位集体户";
        letter.HukouAddress = "武汉市洪山区珞喻路1号";
        var preview = await Send.PreviewAsync(employer, [students[0].Id], letter);
        Assert.Equal((SigningInfoOptions.ArchiveNotReceived, null, "单位集体户", "武汉市洪山区珞喻路1号"),
            (preview.Offer.ArchiveAndHukou.ArchiveReceiving, preview.Offer.ArchiveAndHukou.ArchiveForwardUnit, preview.Offer.ArchiveAndHukou.HukouReceivingType, preview.Offer.ArchiveAndHukou.HukouAddress));
        await Send.SendAsync(employer, [students[0].Id], letter);

        var offer = Assert.Single(await SigningsOfAsync(students[0].Id)).Offer;
        Assert.Equal((SigningInfoOptions.ArchiveNotReceived, null, null, "单位集体户", "武汉市洪山区珞喻路1号"),
            (offer.ArchiveAndHukou.ArchiveReceiving, offer.ArchiveAndHukou.ArchiveForwardUnit, offer.ArchiveAndHukou.ArchiveForwardPostcode, offer.ArchiveAndHukou.HukouReceivingType, offer.ArchiveAndHukou.HukouAddress));
        var after = Profile();
        Assert.Equal((before.ArchiveReceiving, before.ArchiveForwardUnit, before.ArchiveForwardPostcode, before.HukouReceivingType, before.HukouAddress),
            (after.ArchiveReceiving, after.ArchiveForwardUnit, after.ArchiveForwardPostcode, after.HukouReceivingType, after.HukouAddress));
    }

    [Fact]
    public async Task A_wrong_archive_detail_on_the_letter_is_refused_with_the_signing_information_message()
    {
        await AddToListAsync(students[0]);
        var letter = Letter();
        letter.ArchiveReceiving = SigningInfoOptions.ArchiveForwarded;
        letter.ArchiveForwardPostcode = "4300";
        var onLetter = await Assert.ThrowsAsync<DomainException>(() => Send.PreviewAsync(employer, [students[0].Id], letter));
        Assert.Equal("档案转递邮编应为6位数字", onLetter.Message);
        Assert.Equal(onLetter.Message, (await Assert.ThrowsAsync<DomainException>(() => Send.SendAsync(employer, [students[0].Id], letter))).Message);
        Assert.Empty(await SigningsOfAsync(students[0].Id));

        // 签约信息确认 says the same of the same values.
        var profile = new SigningInfoForm { Nature = "其他企业", Province = "湖北省", City = "武汉市" };
        foreach (var p in typeof(IArchiveAndHukouInput).GetProperties()) p.SetValue(profile, p.GetValue(letter));
        var onProfile = await Assert.ThrowsAsync<DomainException>(() =>
            Service<EmployerProfileService>().ConfirmSigningInfoAsync(employer, profile));
        Assert.Equal(onLetter.Message, onProfile.Message);
    }

    [Fact]
    public async Task Double_submit_sends_once()
    {
        await AddToListAsync(students[0], students[1]);
        int[] batch = [students[0].Id, students[1].Id];
        var results = await Task.WhenAll(Send.SendAsync(employer, batch, Letter()), Send.SendAsync(employer, batch, Letter()));
        Assert.Equal(2, results.Sum(r => r.Sent.Count));
        var again = await Send.SendAsync(employer, batch, Letter());
        Assert.Empty(again.Sent);
        Assert.All(again.Skipped, s => Assert.Equal(Signing.AlreadyInvitedMessage, s.Reason));
        Assert.Single(await SigningsOfAsync(students[0].Id));
        Assert.Single(await SigningsOfAsync(students[1].Id));
        await using var db = NewDb();
        Assert.Equal(2, await db.Notifications.CountAsync());
    }

    [Fact]
    public async Task Withdrawn_invitation_cannot_be_accepted_nor_withdrawn_again()
    {
        await AddToListAsync(students[0]);
        await Send.SendAsync(employer, [students[0].Id], Letter());
        var sent = await Send.SentAsync(employer, new PageRequest(0, 10));
        var row = Assert.Single(sent.Items);
        Assert.True(row.CanWithdraw);
        Assert.Equal("待应约", row.ResponseText);

        await Send.WithdrawAsync(employer, row.SigningId);
        Assert.Equal("单位已撤回", (await Send.SentAsync(employer, new PageRequest(0, 10))).Items.Single().ResponseText);
        await using var db = NewDb();
        var signing = (await SigningStore.LoadAsync(db, row.SigningId))!;
        Assert.Throws<DomainException>(() => signing.Accept(Actor.Student(students[0].Id), false, clock.GetUtcNow()));
        await Assert.ThrowsAsync<DomainException>(() => Send.WithdrawAsync(employer, row.SigningId));
    }

    [Fact]
    public async Task Withdrawal_tells_the_student_and_is_audited()
    {
        await AddToListAsync(students[0]);
        await Send.SendAsync(employer, [students[0].Id], Letter());
        var id = (await Send.SentAsync(employer, new PageRequest(0, 10))).Items.Single().SigningId;

        await Send.WithdrawAsync(employer, id);

        await using var db = NewDb();
        var told = await db.Notifications.SingleAsync(n => n.RecipientKind == RecipientKind.Student && n.RecipientId == students[0].Id
                                                           && n.Title == EmployerSendService.WithdrawnTitle);
        Assert.Contains(DemoData.EmployerName, told.Body, StringComparison.Ordinal);
        Assert.Contains("PHP前端工程师", told.Body, StringComparison.Ordinal);
        Assert.Equal($"/student/invitations/{id}", told.Link);
        var entry = await db.AuditLog.SingleAsync(e => e.SigningId == id);
        Assert.Equal(AuditActions.InvitationWithdrawn, entry.Action);
        Assert.Equal(Roles.Employer, entry.Role);
        Assert.Equal(residentSchool, entry.SchoolId);
    }

    [Fact]
    public async Task Another_employers_invitation_cannot_be_withdrawn()
    {
        await AddToListAsync(students[0]);
        await Send.SendAsync(employer, [students[0].Id], Letter());
        var id = (await Send.SentAsync(employer, new PageRequest(0, 10))).Items.Single().SigningId;
        var other = await NewEmployerAsync(confirmed: true);
        var ex = await Assert.ThrowsAsync<DomainException>(() => Send.WithdrawAsync(other, id));
        Assert.Equal(EmployerSendService.InvitationNotFoundMessage, ex.Message);
        Assert.Empty((await Send.SentAsync(other, new PageRequest(0, 10))).Items);
    }

    // ------------------------------------------------------------------ rule 13: signing information first

    [Fact]
    public async Task Unconfirmed_employer_is_refused_to_send()
    {
        var fresh = await NewEmployerAsync(confirmed: false);
        Assert.False(await Service<EmployerProfileService>().IsConfirmedAsync(fresh));
        await Search.AddToSendListAsync(fresh, students[0].Id);
        var preview = await Assert.ThrowsAsync<DomainException>(() => Send.PreviewAsync(fresh, [students[0].Id], Letter()));
        Assert.Equal(Signing.NotConfirmedMessage, preview.Message);
        var send = await Assert.ThrowsAsync<DomainException>(() => Send.SendAsync(fresh, [students[0].Id], Letter()));
        Assert.Equal(Signing.NotConfirmedMessage, send.Message);
        Assert.Empty(await SigningsOfAsync(students[0].Id));
    }

    [Fact]
    public async Task Signing_information_is_validated_by_the_domain_and_a_bad_form_changes_nothing()
    {
        var fresh = await NewEmployerAsync(confirmed: false);
        var profiles = Service<EmployerProfileService>();
        var form = new SigningInfoForm
        {
            Nature = "其他企业", Province = "湖北省", City = "武汉市", ArchiveReceiving = SigningInfoOptions.ArchiveForwarded,
            ArchiveForwardUnit = "武汉市人才服务中心", ArchiveForwardAddress = "武汉市江岸区", ArchiveForwardPostcode = "4300",
            ArchiveForwardContact = "王老师", ArchiveForwardPhone = "027-85771234", HukouReceivingType = SigningInfoOptions.HukouNotReceived,
        };
        var ex = await Assert.ThrowsAsync<DomainException>(() => profiles.ConfirmSigningInfoAsync(fresh, form));
        Assert.Equal("档案转递邮编应为6位数字", ex.Message);
        Assert.False(await profiles.IsConfirmedAsync(fresh));

        form.ArchiveForwardPostcode = "430010";
        form.City = "上海市";
        Assert.Equal("单位所在地的城市不在所选省份内", (await Assert.ThrowsAsync<DomainException>(() => profiles.ConfirmSigningInfoAsync(fresh, form))).Message);
        form.City = "武汉市";
        await profiles.ConfirmSigningInfoAsync(fresh, form);
        var view = await profiles.GetAsync(fresh);
        Assert.True(view.Confirmed);
        Assert.Equal("湖北省", view.SigningInfo.Province);
        await using var db = NewDb();
        Assert.Equal("湖北省 - 武汉市", await db.Employers.Where(e => e.Id == fresh.EmployerId).Select(e => e.SigningInfo!.Location).SingleAsync());
    }

    // ------------------------------------------------------------------ notifications

    [Fact]
    public async Task Invitation_email_is_delivered_to_the_pickup_folder_with_the_chinese_subject_and_the_deadline()
    {
        var s = students[0];
        await using (var db = NewDb())
        {
            var student = await db.Students.SingleAsync(x => x.Id == s.Id);
            student.SetContact(student.PoliticalStatus, student.Phone, "wang@student.test", student.Address);
            await db.SaveChangesAsync();
        }
        await AddToListAsync(s);
        await Send.SendAsync(employer, [s.Id], Letter());

        Assert.Equal(1, await Service<OutboxSender>().DeliverDueAsync());
        var file = Assert.Single(Directory.GetFiles(baseFactory.MailFolder, "*.eml"));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("wang@student.test", message.To.Mailboxes.Single().Address);
        Assert.Equal($"签约邀请：{DemoData.EmployerName} - 湖北高校就业网络联盟签约上报系统", message.Subject);
        Assert.Contains("请于2026/12/02日24点之前反馈", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("PHP前端工程师", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("转正起薪：5000元/月", message.HtmlBody, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ helpers

    private int nextEmployer;

    /// <summary>A second unit, resident at the demo school, with or without confirmed signing information.</summary>
    private async Task<CurrentUser> NewEmployerAsync(bool confirmed)
    {
        await using var db = NewDb();
        var first17 = "91420100MA4K" + (10000 + Interlocked.Increment(ref nextEmployer)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var e = new Employer($"武汉测试{nextEmployer}号有限公司", first17 + CreditCode.ComputeCheck(first17), "李女士", "027-87654321",
            $"hr{nextEmployer}@example.com", clock.GetUtcNow());
        if (confirmed)
        {
            e.ConfirmSigningInfo(SigningInfo.Create("其他企业", "湖北省 - 武汉市", SigningInfoOptions.ArchiveNotReceived,
                null, null, null, null, null, SigningInfoOptions.HukouNotReceived, null), clock.GetUtcNow());
        }
        db.Employers.Add(e);
        await db.SaveChangesAsync();
        var r = new Residency(e.Id, residentSchool, clock.GetUtcNow());
        r.Approve("school10500@wllm.test", clock.GetUtcNow());
        db.Residencies.Add(r);
        await db.SaveChangesAsync();
        return new CurrentUser("user-" + e.Id, e.Name, Roles.Employer, e.Id, null, null);
    }
}

internal static class SearchFormExtensions
{
    public static StudentSearchForm With(this StudentSearchForm f, string id) =>
        new() { SchoolId = f.SchoolId, GraduationYear = f.GraduationYear, Name = f.Name, IdNumber = id };
}
