namespace WllmSign.Domain.Invitations;

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
}
