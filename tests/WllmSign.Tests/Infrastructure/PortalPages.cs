using WllmSign.Portal.Features.Demo;

namespace WllmSign.Tests.Infrastructure;

/// <summary>
/// Every page of the portal, per role, on the demo world <see cref="ArrangeAsync"/> makes: what
/// <c>EndToEnd.AccessibilityTests</c> scans in Chromium and <c>Features.Pages.EveryPageTests</c> renders on each database
/// provider (decision 042). One list, so that a new page is added to both.
/// </summary>
public static class PortalPages
{
    public const string Password = "Wllm2026!demo";

    /// <summary>The pages a visitor opens without signing in (static server rendering).</summary>
    public static readonly string[] Public = ["/Account/Login", "/Account/Register", "/verify"];

    /// <summary>The static page of the signed-in layout every role has.</summary>
    public const string ChangePassword = "/Account/Manage/ChangePassword";

    /// <summary>Each demo role's pages; <paramref name="effective"/> is the demo student's Effective agreement (its detail pages).</summary>
    public static (string Email, string[] Paths)[] ByRole(int effective) =>
    [
        (DemoData.EmployerEmail, ["/employer", "/employer/schools", "/employer/search", "/employer/send", "/employer/data", $"/employer/data/{effective}",
            "/employer/terminations", "/employer/profile", "/inbox"]),
        (DemoData.StudentEmail, ["/student", "/student/invitations", $"/student/invitations/{effective}", "/student/agreement", "/student/profile", "/inbox"]),
        (DemoData.SchoolAdminEmail("10500"), ["/school", "/school/verify/signings", "/school/verify/terminations", "/school/roster", "/school/residencies",
            "/school/data", $"/school/data/{effective}", "/school/statistics", "/school/audit"]),
        (DemoData.AllianceEmail, ["/admin", "/admin/schools", "/admin/school-admins", "/admin/audit"]),
    ];

    /// <summary>
    /// Fills the lists the pages show: the demo student's agreement made Effective (its detail pages), an invitation
    /// waiting for an answer and a termination the student asked for. Returns the Effective signing's id.
    /// </summary>
    public static async Task<int> ArrangeAsync(PortalFactory portal, TimeProvider clock)
    {
        var given = await Given.InAsync(portal, clock, TimeSpan.FromMinutes(1));
        var effective = await given.Invites(given.Demo.DemoStudentId).Reaching(SigningState.Effective);
        await given.Invites().Reaching(SigningState.Invited);
        await given.Invites().Reaching(SigningState.TerminationRequestedByStudent);
        return effective;
    }
}
