namespace WllmSign.Portal.Features.Signings;

/// <summary>The names of a signing's three parties, as its messages need them.</summary>
public sealed record SigningParties(string EmployerName, string? EmployerEmail, string StudentName, string? StudentEmail, string SchoolName)
{
    /// <summary>The parties of every signing given, with one query per table; keyed by the signing itself (a new one has no id yet).</summary>
    public static async Task<IReadOnlyDictionary<Signing, SigningParties>> OfAsync(AppDbContext db, IReadOnlyCollection<Signing> signings,
        CancellationToken ct = default)
    {
        var employerIds = signings.Select(s => s.EmployerId).Distinct().ToList();
        var studentIds = signings.Select(s => s.StudentId).Distinct().ToList();
        var schoolIds = signings.Select(s => s.SchoolId).Distinct().ToList();
        var employers = await db.Employers.AsNoTracking().Where(e => employerIds.Contains(e.Id))
            .Select(e => new { e.Id, e.Name, e.Email }).ToDictionaryAsync(e => e.Id, ct);
        var students = await db.Students.AsNoTracking().Where(s => studentIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Name, s.Email }).ToDictionaryAsync(s => s.Id, ct);
        var schools = await db.Schools.AsNoTracking().Where(s => schoolIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, ct);
        return signings.ToDictionary(s => s, s => new SigningParties(employers[s.EmployerId].Name, employers[s.EmployerId].Email,
            students[s.StudentId].Name, students[s.StudentId].Email, schools[s.SchoolId].Name));
    }

    /// <summary>"张三（某单位）": how a signing is named in a batch's outcome.</summary>
    public string Label => $"{StudentName}（{EmployerName}）";
}

/// <summary>One inbox entry (and email, where the recipient has an address) that a change sends.</summary>
public sealed record SigningMessage(RecipientKind To, string Title, string Body, string Link);

/// <summary>What a change of a signing does besides the change itself: what the audit log records and who is told what.</summary>
/// <param name="AuditAction">The audit log's action; null when the change is not a person's act (the system's expiry) or is audited elsewhere.</param>
public sealed record SigningEffect(string? AuditAction, IReadOnlyList<SigningMessage> Messages);

/// <summary>
/// The one table of the signing lifecycle's side effects: for each transition (<see cref="SigningChanged.Action"/>, and
/// who acted where both parties can), the audit action and the messages, with their text and link. Every change of a
/// signing is dispatched through it by <see cref="SigningCommands"/>; no service writes these texts by hand.
/// </summary>
public static class SigningEffects
{
    public const string EmployerDataLink = "/employer/data";
    public const string EmployerTerminationsLink = "/employer/terminations";
    public const string StudentAgreementLink = "/student/agreement";
    public const string SchoolSigningsLink = "/school/verify/signings";
    public const string SchoolTerminationsLink = "/school/verify/terminations";
    public const string WithdrawnTitle = "签约邀请已撤回";

    /// <summary>The student's page of one invitation.</summary>
    public static string InvitationLink(int signingId) => "/student/invitations/" + signingId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The effect of one change. Every transition of <see cref="Signing"/> has a row; a new one without a row fails here.</summary>
    public static SigningEffect Of(SigningChanged change, SigningParties p)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(p);
        var s = change.Signing;
        var position = s.Offer.Position;
        var describe = s.AgreementNumber is { } n ? $"协议书编号 {n}，岗位：{position}" : $"岗位：{position}";
        return (change.Action, change.Actor.Kind) switch
        {
            (TrailActions.Invite, _) => new(null,
            [
                ToStudent($"签约邀请：{p.EmployerName}", InvitationBody(p.EmployerName, s.Offer, s.LastDayToRespond), InvitationLink(s.Id)),
            ]),
            (TrailActions.Accept, _) => new(AuditActions.InvitationAccepted,
            [
                ToEmployer("学生已同意签约",
                    $"{p.StudentName}（{p.SchoolName}）已同意贵单位“{position}”岗位的签约邀请，待学校鉴证，鉴证通过后协议生效。", EmployerDataLink),
                ToSchool("新的签约待鉴证", $"{p.StudentName}已同意{p.EmployerName}“{position}”岗位的签约邀请，请办理签约鉴证。", SchoolSigningsLink),
            ]),
            (TrailActions.Decline, _) => new(AuditActions.InvitationDeclined,
            [
                ToEmployer("学生已拒绝签约",
                    $"{p.StudentName}（{p.SchoolName}）拒绝了贵单位“{position}”岗位的签约邀请。" + Reason("拒绝原因", s.DeclineReason), EmployerDataLink),
            ]),
            (TrailActions.Withdraw, _) => new(AuditActions.InvitationWithdrawn,
            [
                ToStudent(WithdrawnTitle, $"{p.EmployerName}已撤回“{position}”岗位的签约邀请（{p.SchoolName}），无需再答复。", InvitationLink(s.Id)),
            ]),
            // The system's act: the status and the trail say it; the reminder a day before was the message.
            (TrailActions.Expire, _) => new(null, []),
            (TrailActions.ApproveVerification, _) => Verified(p, AuditActions.VerificationApproved, position, $"协议书编号 {s.AgreementNumber}，协议书已生效。"),
            (TrailActions.RejectVerification, _) => Verified(p, AuditActions.VerificationRejected, position, $"不通过原因：{s.VerificationRemark}"),
            (TrailActions.ApproveTermination, _) => Verified(p, AuditActions.TerminationApproved, position, "学校已同意解约，原就业协议已失效。"),
            (TrailActions.RejectTerminationVerification, _) => Verified(p, AuditActions.TerminationVerificationRejected, position,
                $"学校未同意解约，就业协议继续有效。原因：{s.TerminationVerificationRemark}"),
            (TrailActions.StudentRequestsTermination, _) => new(AuditActions.TerminationRequested,
            [
                ToEmployer("学生提出解约申请",
                    $"{p.StudentName}（{p.SchoolName}）申请解除与贵单位的就业协议。\n解除原因：{s.TerminationReason}\n请在“解约中心 → 解约办理”中处理。",
                    EmployerTerminationsLink),
            ]),
            (TrailActions.EmployerRequestsTermination, _) => new(AuditActions.TerminationRequested,
            [
                ToStudent("单位申请解约",
                    $"{p.EmployerName}向你提出解除就业协议的申请（{describe}）。\n解除原因：{s.TerminationReason}\n请登录系统同意或拒绝。", StudentAgreementLink),
            ]),
            (TrailActions.AgreeTermination, ActorKind.Student) => new(AuditActions.TerminationAgreed,
            [
                ToEmployer("学生已同意解约", $"{p.StudentName}（{p.SchoolName}）已同意贵单位的解约申请，待学校鉴证，鉴证通过后解约生效。", EmployerDataLink),
                TerminationToVerify(p, describe),
            ]),
            (TrailActions.AgreeTermination, ActorKind.Employer) => new(AuditActions.TerminationAgreed,
            [
                ToStudent("单位已同意解约", $"{p.EmployerName}已同意你提出的解约申请（{describe}），现提交学校鉴证，鉴证通过后解约生效。", StudentAgreementLink),
                TerminationToVerify(p, describe),
            ]),
            (TrailActions.RejectTermination, ActorKind.Student) => new(AuditActions.TerminationRejected,
            [
                ToEmployer("学生拒绝解约",
                    $"{p.StudentName}（{p.SchoolName}）拒绝了贵单位的解约申请，协议继续有效。" + Reason("拒绝原因", s.TerminationAnswerReason), EmployerDataLink),
            ]),
            (TrailActions.RejectTermination, ActorKind.Employer) => new(AuditActions.TerminationRejected,
            [
                ToStudent("单位拒绝解约",
                    $"{p.EmployerName}拒绝了你提出的解约申请（{describe}），协议继续有效。" + Reason("拒绝原因", s.TerminationAnswerReason), StudentAgreementLink),
            ]),
            _ => throw new InvalidOperationException($"No effect is defined for the change '{change.Action}' by {change.Actor.Kind}."),
        };
    }

    /// <summary>The invitation's inbox and email text: the employer, the position, the terms and the last day to answer.</summary>
    public static string InvitationBody(string employerName, Offer o, DateOnly lastDay)
    {
        ArgumentNullException.ThrowIfNull(o);
        var c = CultureInfo.InvariantCulture;
        return $"{employerName}拟录用（聘用）你为 {o.Position} 岗位员工（工作职位类别：{o.JobCategory}），"
               + $"请于{lastDay.ToString("yyyy/MM/dd", c)}日24点之前反馈，办理网签手续。过期不反馈视为主动放弃。\n"
               + $"试用期：{o.ProbationDays}天；试用起薪：{o.ProbationSalary}元/月；转正起薪：{o.RegularSalary}元/月；违约金：{o.Penalty}元；\n"
               + $"报到期限：{o.ReportDeadline.ToString("yyyy/MM/dd", c)}；报到地点：{o.ReportPlace}；工作地点：{o.WorkPlace}；\n"
               + $"签约联系人：{o.ContactName}（{o.ContactPhone}）。";
    }

    /// <summary>A school's decision goes to both parties, in the same words; its title is the audit action.</summary>
    private static SigningEffect Verified(SigningParties p, string title, string position, string detail)
    {
        var text = $"{p.StudentName}与{p.EmployerName}的就业协议（{position}）：{title}。{detail}";
        return new(title, [ToEmployer(title, text, EmployerDataLink), ToStudent(title, text, StudentAgreementLink)]);
    }

    private static SigningMessage TerminationToVerify(SigningParties p, string describe) =>
        ToSchool("新的解约待鉴证", $"{p.EmployerName}与学生{p.StudentName}已同意解除就业协议（{describe}），请办理解约鉴证。", SchoolTerminationsLink);

    private static string Reason(string label, string? reason) => reason is { } r ? $"\n{label}：{r}" : "";

    private static SigningMessage ToEmployer(string title, string body, string link) => new(RecipientKind.Employer, title, body, link);

    private static SigningMessage ToStudent(string title, string body, string link) =>
        new(RecipientKind.Student, title, body, link);

    private static SigningMessage ToSchool(string title, string body, string link) =>
        new(RecipientKind.School, title, body, link);
}
