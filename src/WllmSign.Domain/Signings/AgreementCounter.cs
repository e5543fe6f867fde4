namespace WllmSign.Domain.Signings;

/// <summary>
/// The next 协议书编号 sequence of a school and graduation year (rule 9). Taken inside the verification's
/// transaction; its concurrency token makes two verifiers that race for the same number collide.
/// </summary>
public sealed class AgreementCounter
{
    public int SchoolId { get; private set; }
    public int GraduationYear { get; private set; }
    public int LastSequence { get; private set; }
    public Guid Version { get; private set; }

    private AgreementCounter() { }

    public AgreementCounter(int schoolId, int graduationYear)
    {
        SchoolId = schoolId;
        GraduationYear = graduationYear;
        Version = Guid.NewGuid();
    }

    public int Next()
    {
        LastSequence++;
        Version = Guid.NewGuid();
        return LastSequence;
    }
}
