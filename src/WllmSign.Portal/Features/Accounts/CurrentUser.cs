using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace WllmSign.Portal.Features.Accounts;

/// <summary>
/// Who is calling, read from the authentication state (never from a URL or a form field).
/// Services take it and scope every query by it.
/// </summary>
public sealed record CurrentUser(string UserId, string DisplayName, string Role, int? EmployerId, int? StudentId, int? SchoolId)
{
    public static CurrentUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return null;
        var role = Roles.All.FirstOrDefault(principal.IsInRole) ?? "";
        return new CurrentUser(id, principal.FindFirstValue(PortalClaims.DisplayName) ?? principal.Identity.Name ?? "",
            role, Int(principal, PortalClaims.EmployerId), Int(principal, PortalClaims.StudentId), Int(principal, PortalClaims.SchoolId));
    }

    private static int? Int(ClaimsPrincipal p, string type) =>
        int.TryParse(p.FindFirstValue(type), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public int RequireEmployer() => Role == Roles.Employer && EmployerId is { } e ? e : throw new UnauthorizedAccessException();
    public int RequireStudent() => Role == Roles.Student && StudentId is { } s ? s : throw new UnauthorizedAccessException();
    public int RequireSchool() => Role == Roles.SchoolAdmin && SchoolId is { } s ? s : throw new UnauthorizedAccessException();
}

/// <summary>Resolves the <see cref="CurrentUser"/> of a circuit or request.</summary>
public sealed class CurrentUserAccessor(AuthenticationStateProvider auth)
{
    public async Task<CurrentUser> GetAsync()
    {
        var state = await auth.GetAuthenticationStateAsync();
        return CurrentUser.From(state.User) ?? throw new UnauthorizedAccessException();
    }
}
