namespace WllmSign.Portal.Features.DataCenter;

/// <summary>
/// The filter bar of the employer's lists (manual chapters 4 and 5): 请选择学校, 请选择毕业年度, 学生姓名,
/// 身份证号 (the full number, matched exactly), 专业名称, 邀请起始日期, 邀请截至日期 (China dates, inclusive),
/// 请选择应约状态. The list and its 导出 read the same filter (the export receives it as a query string).
/// </summary>
public sealed class SigningListFilter
{
    public int? SchoolId { get; set; }
    public int? GraduationYear { get; set; }
    public string? StudentName { get; set; }
    public string? IdNumber { get; set; }
    public string? Major { get; set; }
    public DateOnly? InvitedFrom { get; set; }
    public DateOnly? InvitedTo { get; set; }
    /// <summary>One of <see cref="ResponseStatusFilter.Labels"/>, or null for any.</summary>
    public string? ResponseStatus { get; set; }

    public SigningListFilter Copy() => (SigningListFilter)MemberwiseClone();

    internal void AddTo(Dictionary<string, string?> query)
    {
        query["school"] = ListQuery.Int(SchoolId);
        query["year"] = ListQuery.Int(GraduationYear);
        query["name"] = StudentName;
        query["id"] = IdNumber;
        query["major"] = Major;
        query["from"] = ListQuery.Date(InvitedFrom);
        query["to"] = ListQuery.Date(InvitedTo);
        query["response"] = ResponseStatus;
    }

    public static SigningListFilter FromQuery(IQueryCollection q) => new()
    {
        SchoolId = ListQuery.ParseInt(q["school"]),
        GraduationYear = ListQuery.ParseInt(q["year"]),
        StudentName = ListQuery.Clean(q["name"]),
        IdNumber = ListQuery.Clean(q["id"]),
        Major = ListQuery.Clean(q["major"]),
        InvitedFrom = ListQuery.ParseDate(q["from"]),
        InvitedTo = ListQuery.ParseDate(q["to"]),
        ResponseStatus = ListQuery.Clean(q["response"]),
    };
}

/// <summary>
/// The two lists of 解约办理: 学生提出解约待办理列表 (the students' requests awaiting this employer) and
/// 已签约成功学生列表 (Effective agreements, on which the employer may request termination).
/// </summary>
public enum TerminationTab { StudentRequests = 0, EffectiveAgreements = 1 }

/// <summary>
/// Which of the employer's lists: a tab of 数据管理 (<see cref="Tab"/>) or, when <see cref="Termination"/> is set, a tab
/// of 解约办理. A <see cref="DataTab"/> or a <see cref="TerminationTab"/> converts to it.
/// </summary>
public sealed record SigningListTab(DataTab Tab = DataTab.All, TerminationTab? Termination = null)
{
    public static implicit operator SigningListTab(DataTab tab) => new(tab);
    public static implicit operator SigningListTab(TerminationTab tab) => new(DataTab.All, tab);

    public static SigningListTab FromDataTab(DataTab tab) => tab;
    public static SigningListTab FromTerminationTab(TerminationTab tab) => tab;

    /// <summary>The page the list is on: 数据管理 or 解约办理.</summary>
    public string PageTitle => Termination is null ? "数据管理" : "解约办理";

    /// <summary>The tab's label (and the export's sheet name).</summary>
    public string Title => Termination switch
    {
        TerminationTab.StudentRequests => "学生提出解约待办理列表",
        TerminationTab.EffectiveAgreements => "已签约成功学生列表",
        _ => SigningStatusText.TabLabel(Tab),
    };

    internal void AddTo(Dictionary<string, string?> query)
    {
        query["tab"] = Tab == DataTab.All ? null : ListQuery.Enum<DataTab>(Tab);
        query["termination"] = ListQuery.Enum(Termination);
    }

    public static SigningListTab FromQuery(IQueryCollection q) =>
        new(ListQuery.ParseEnum<DataTab>(q["tab"]) ?? DataTab.All, ListQuery.ParseEnum<TerminationTab>(q["termination"]));
}

/// <summary>The columns a list can be sorted by.</summary>
public enum SigningListSort { InvitedAt = 0, SchoolName = 1, StudentName = 2, Major = 3 }

/// <summary>The order of a list: 邀请日期 newest first by default (and always for the export).</summary>
public sealed record SigningListOrder(SigningListSort Sort = SigningListSort.InvitedAt, bool Descending = true)
{
    public static SigningListOrder Newest { get; } = new();
}

/// <summary>
/// One row: 院校名称, 姓名, 身份证号 (masked), 学历, 专业, 邀请日期, 应约状态, 鉴证状态 — what the list shows and the
/// export writes. On 已签约成功学生列表, <see cref="CannotRequestTerminationReason"/> says why 申请解约 is disabled (null
/// when it is allowed).
/// </summary>
public sealed record SigningListRow(
    int Id,
    string SchoolName,
    string StudentName,
    string MaskedIdNumber,
    string Degree,
    string Major,
    int GraduationYear,
    DateTimeOffset InvitedAt,
    string ResponseText,
    string VerificationText,
    string? CannotRequestTerminationReason = null,
    bool HasAgreement = false);

/// <summary>The choices of 请选择学校 and 请选择毕业年度.</summary>
public sealed record SigningFilterOptions(IReadOnlyList<SchoolOption> Schools, IReadOnlyList<int> GraduationYears);
