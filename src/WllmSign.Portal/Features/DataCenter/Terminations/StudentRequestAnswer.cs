namespace WllmSign.Portal.Features.DataCenter.Terminations;

/// <summary>What the employer chose in 查看解约申请 (暂不处理 is closing the dialog).</summary>
public enum StudentRequestAnswer { Agree, Reject }
