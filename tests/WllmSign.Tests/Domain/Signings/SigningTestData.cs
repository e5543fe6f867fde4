using System.Globalization;
using System.Text;
using WllmSign.Domain.Signings;

namespace WllmSign.Tests.Domain.Signings;

/// <summary>A clock the tests move by hand.</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>The states the tests start from; a few states come in two flavours that behave differently.</summary>
public enum Scenario
{
    Invited,
    InvitedPastDeadline,
    Declined,
    Expired,
    Withdrawn,
    AwaitingVerification,
    VerificationRejected,
    Effective,
    TerminationRequestedByStudent,
    TerminationRequestedByEmployer,
    TerminationAwaitingVerification,
    Terminated,
    /// <summary>Effective again after the school rejected the student's termination (student's chance spent).</summary>
    EffectiveAfterSchoolRejectedTermination,
    /// <summary>Effective again after the employer rejected the student's request (student's chance spent).</summary>
    EffectiveAfterStudentRequestRejected,
}

/// <summary>Who acts, relative to the signing under test.</summary>
public enum Role { TheStudent, OtherStudent, TheEmployer, OtherEmployer, OwnSchoolAdmin, OtherSchoolAdmin, System }

/// <summary>Every transition method of <see cref="Signing"/>.</summary>
public enum Act
{
    Accept, Decline, Withdraw, Expire, ApproveVerification, RejectVerification,
    RequestTermination, AgreeTermination, RejectTermination, ApproveTermination, RejectTerminationVerification,
}

public static class SigningTestData
{
    public const int EmployerId = 11;
    public const int OtherEmployerId = 12;
    public const int StudentId = 21;
    public const int OtherStudentId = 22;
    public const int SchoolId = 31;
    public const int OtherSchoolId = 32;
    public const string SchoolCode = "10486";
    public const int Year = 2026;
    public const string UnitName = "武汉光谷软件有限公司";
    public const string AdminName = "whu_admin";

    public const string DeclineReason = "已有其他打算";
    public const string VerificationRemark = "协议信息不完整";
    public const string TerminationReason = "个人原因，需回家乡工作";
    public const string TerminationAnswer = "不同意解约";
    public const string TerminationVerificationRemark = "双方尚未协商一致";

    /// <summary>10:00 China time on 2026-05-10.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 5, 10, 10, 0, 0, TimeSpan.FromHours(8));
    public static readonly DateOnly Today = new(2026, 5, 10);

    public static Actor Employer => Actor.Employer(EmployerId, UnitName);
    public static Actor OtherEmployer => Actor.Employer(OtherEmployerId, "襄阳汽车配件有限公司");
    public static Actor Student => Actor.Student(StudentId);
    public static Actor OtherStudent => Actor.Student(OtherStudentId);
    public static Actor Admin => Actor.SchoolAdmin(SchoolId, AdminName);
    public static Actor OtherAdmin => Actor.SchoolAdmin(OtherSchoolId, "hust_admin");

    public static Actor ActorFor(Role role) => role switch
    {
        Role.TheStudent => Student,
        Role.OtherStudent => OtherStudent,
        Role.TheEmployer => Employer,
        Role.OtherEmployer => OtherEmployer,
        Role.OwnSchoolAdmin => Admin,
        Role.OtherSchoolAdmin => OtherAdmin,
        Role.System => Actor.System,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static OfferDraft Draft() => new()
    {
        JobCategory = "软件开发",
        Position = "PHP前端工程师",
        FeedbackDays = 5,
        ProbationDays = 60,
        ProbationSalary = 4000,
        RegularSalary = 5000,
        Penalty = 1000,
        ReportPlace = "湖北省武汉市",
        ReportDeadline = new DateOnly(2026, 7, 1),
        WorkPlace = "武汉市洪山区街道口银泰创意城1708室",
        ContactName = "董先生",
        ContactPhone = "15821082340",
        ArchiveReceiving = "单位不接收",
        HukouReceivingType = "不接收",
    };

    public static Offer MakeOffer(int feedbackDays = 5)
    {
        var d = Draft();
        d.FeedbackDays = feedbackDays;
        return Offer.Create(d, Today);
    }

    public static Signing NewInvited(DateTimeOffset? at = null, int feedbackDays = 5, int studentId = StudentId) =>
        Signing.Invite(Employer, studentId, SchoolId, Year, MakeOffer(feedbackDays), InvitationFacts.Eligible, at ?? T0);

    public static AgreementNumber Number(int sequence = 1) => AgreementNumber.Create(SchoolCode, Year, sequence);

    public static SigningStatus StoredStatus(Scenario scenario) => scenario switch
    {
        Scenario.Invited or Scenario.InvitedPastDeadline => SigningStatus.Invited,
        Scenario.Declined => SigningStatus.Declined,
        Scenario.Expired => SigningStatus.Expired,
        Scenario.Withdrawn => SigningStatus.Withdrawn,
        Scenario.AwaitingVerification => SigningStatus.AwaitingVerification,
        Scenario.VerificationRejected => SigningStatus.VerificationRejected,
        Scenario.Effective or Scenario.EffectiveAfterSchoolRejectedTermination
            or Scenario.EffectiveAfterStudentRequestRejected => SigningStatus.Effective,
        Scenario.TerminationRequestedByStudent or Scenario.TerminationRequestedByEmployer => SigningStatus.TerminationRequested,
        Scenario.TerminationAwaitingVerification => SigningStatus.TerminationAwaitingVerification,
        Scenario.Terminated => SigningStatus.Terminated,
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };

    /// <summary>A signing brought into <paramref name="scenario"/> through the public methods, and the time to act at.</summary>
    public static (Signing Signing, DateTimeOffset Now) Build(Scenario scenario)
    {
        var t = T0;
        var s = NewInvited(t);
        DateTimeOffset Next() => t = t.AddMinutes(10);

        void Accept() => s.Accept(Student, false, Next());
        void Effective() { Accept(); s.ApproveVerification(Admin, Number(), VerificationCode.Generate(), Next()); }

        switch (scenario)
        {
            case Scenario.Invited: break;
            case Scenario.InvitedPastDeadline: t = s.Deadline; break;
            case Scenario.Declined: s.Decline(Student, DeclineReason, Next()); break;
            case Scenario.Expired: t = s.Deadline; s.Expire(Next()); break;
            case Scenario.Withdrawn: s.Withdraw(Employer, Next()); break;
            case Scenario.AwaitingVerification: Accept(); break;
            case Scenario.VerificationRejected: Accept(); s.RejectVerification(Admin, VerificationRemark, Next()); break;
            case Scenario.Effective: Effective(); break;
            case Scenario.TerminationRequestedByStudent:
                Effective(); s.RequestTermination(Student, TerminationReason, Next()); break;
            case Scenario.TerminationRequestedByEmployer:
                Effective(); s.RequestTermination(Employer, TerminationReason, Next()); break;
            case Scenario.TerminationAwaitingVerification:
                Effective(); s.RequestTermination(Student, TerminationReason, Next()); s.AgreeTermination(Employer, Next()); break;
            case Scenario.Terminated:
                Effective(); s.RequestTermination(Student, TerminationReason, Next()); s.AgreeTermination(Employer, Next());
                s.ApproveTermination(Admin, Next()); break;
            case Scenario.EffectiveAfterSchoolRejectedTermination:
                Effective(); s.RequestTermination(Student, TerminationReason, Next()); s.AgreeTermination(Employer, Next());
                s.RejectTerminationVerification(Admin, TerminationVerificationRemark, Next()); break;
            case Scenario.EffectiveAfterStudentRequestRejected:
                Effective(); s.RequestTermination(Student, TerminationReason, Next()); s.RejectTermination(Employer, TerminationAnswer, Next()); break;
            default: throw new ArgumentOutOfRangeException(nameof(scenario));
        }
        Assert.Equal(StoredStatus(scenario), s.Status);
        s.ClearEvents();
        return (s, t.AddHours(1));
    }

    /// <summary>Calls <paramref name="act"/> with the remarks and numbers the tests use.</summary>
    public static void Perform(Signing s, Act act, Actor actor, DateTimeOffset now, bool otherActiveAgreement = false)
    {
        switch (act)
        {
            case Act.Accept: s.Accept(actor, otherActiveAgreement, now); break;
            case Act.Decline: s.Decline(actor, DeclineReason, now); break;
            case Act.Withdraw: s.Withdraw(actor, now); break;
            case Act.Expire: s.Expire(now); break;
            case Act.ApproveVerification: s.ApproveVerification(actor, Number(), VerificationCode.Generate(), now); break;
            case Act.RejectVerification: s.RejectVerification(actor, VerificationRemark, now); break;
            case Act.RequestTermination: s.RequestTermination(actor, TerminationReason, now); break;
            case Act.AgreeTermination: s.AgreeTermination(actor, now); break;
            case Act.RejectTermination: s.RejectTermination(actor, TerminationAnswer, now); break;
            case Act.ApproveTermination: s.ApproveTermination(actor, now); break;
            case Act.RejectTerminationVerification: s.RejectTerminationVerification(actor, TerminationVerificationRemark, now); break;
            default: throw new ArgumentOutOfRangeException(nameof(act));
        }
    }

    /// <summary>
    /// Everything observable about a signing, as text: every public property, every trail entry and the
    /// number of pending events. Two equal snapshots mean nothing changed.
    /// </summary>
    public static string Snapshot(Signing s)
    {
        var sb = new StringBuilder();
        foreach (var p in typeof(Signing).GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (p.GetIndexParameters().Length > 0) continue;
            var v = p.GetValue(s);
            switch (v)
            {
                case IReadOnlyList<ProcessTrailEntry> trail:
                    foreach (var e in trail) sb.Append(CultureInfo.InvariantCulture, $"trail[{e.ActorName}|{e.At:O}|{e.Action}|{e.Remark}]\n");
                    break;
                case IReadOnlyList<SigningChanged> events:
                    sb.Append(CultureInfo.InvariantCulture, $"events={events.Count}\n");
                    break;
                case Offer offer:
                    foreach (var op in typeof(Offer).GetProperties())
                        sb.Append(CultureInfo.InvariantCulture, $"Offer.{op.Name}={op.GetValue(offer)}\n");
                    break;
                default:
                    sb.Append(CultureInfo.InvariantCulture, $"{p.Name}={Format(v)}\n");
                    break;
            }
        }
        return sb.ToString();
    }

    private static string Format(object? v) => v switch
    {
        null => "null",
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
