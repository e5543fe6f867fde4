using WllmSign.Domain.Signings;

namespace WllmSign.Domain.Invitations;

/// <summary>What <see cref="SendListEntry.WhyCannotAdd"/> needs to know, looked up by the caller.</summary>
/// <param name="ResidencyApproved">The employer's residency at the student's school is approved (rule 1).</param>
/// <param name="AlreadyInList">The student is already on this employer's send list (rule 3).</param>
/// <param name="StudentHasActiveAgreement">The student holds an active agreement (rule 6).</param>
public readonly record struct SendListFacts(bool ResidencyApproved, bool AlreadyInList, bool StudentHasActiveAgreement);

/// <summary>
/// A student on an employer's send list (签约发送列表): each student once per employer (rule 3). Sending
/// the invitation removes the entry.
/// </summary>
public sealed class SendListEntry
{
    public int Id { get; private set; }
    public int EmployerId { get; private set; }
    public int StudentId { get; private set; }
    public DateTimeOffset AddedAt { get; private set; }

    private SendListEntry() { }

    public SendListEntry(int employerId, int studentId, DateTimeOffset now)
    {
        EmployerId = employerId;
        StudentId = studentId;
        AddedAt = now;
    }

    public const string AlreadyInListMessage = "该学生已在签约发送列表中";

    /// <summary>
    /// Why the student may not be added to the employer's send list, in Chinese; null when it may. The one rule for
    /// 加入签约发送列表 (one student) and the Excel import (every row): residency approved (rule 1), not already on the
    /// list (rule 3), no active agreement (rule 6; the same refusal the invitation would give).
    /// </summary>
    public static string? WhyCannotAdd(SendListFacts facts)
    {
        if (!facts.ResidencyApproved) return Signing.NoResidencyMessage;
        if (facts.AlreadyInList) return AlreadyInListMessage;
        if (facts.StudentHasActiveAgreement) return Signing.StudentHasActiveAgreementMessage;
        return null;
    }
}
