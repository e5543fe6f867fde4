using Microsoft.AspNetCore.Components;

namespace WllmSign.Portal.Features.EmployerProfile;

/// <summary>
/// Rule 13 for every employer page, including pages written later: MainLayout calls it for every page it shows, and it
/// sends an employer that has not confirmed its signing information to /employer/confirm. The services refuse to invite
/// on their own (Signing.WhyCannotInvite); this only leads the user to the form. It was a component that rendered
/// nothing; as a helper of the layout a circuit keeps one component fewer (docs/decisions/036-circuit-memory.md).
/// </summary>
public sealed class EmployerSigningInfoGate(NavigationManager nav, EmployerProfileService profiles)
{
    public const string ConfirmPath = "/employer/confirm";
    private bool confirmed;

    public async Task CheckAsync(CurrentUser? user)
    {
        if (confirmed || user is null || user.Role != Roles.Employer || user.EmployerId is null) return;
        var path = "/" + nav.ToBaseRelativePath(nav.Uri).Split('?', '#')[0].TrimEnd('/');
        if (!IsEmployerArea(path) || string.Equals(path, ConfirmPath, StringComparison.OrdinalIgnoreCase)) return;
        confirmed = await profiles.IsConfirmedAsync(user);
        if (!confirmed) nav.NavigateTo(ConfirmPath);
    }

    private static bool IsEmployerArea(string path) =>
        path.Equals("/employer", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/employer/", StringComparison.OrdinalIgnoreCase);
}
