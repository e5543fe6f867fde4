using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.AspNetCore.Routing;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    /// <summary>Endpoints the account pages need beside the components: sign-out (a POST with antiforgery).</summary>
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var accountGroup = endpoints.MapGroup("/Account");
        accountGroup.MapPost("/Logout", async (
            HttpContext http,
            [FromServices] IAntiforgery antiforgery,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] UserManager<ApplicationUser> userManager,
            [FromServices] WllmSign.Portal.Features.Accounts.ExternalSession external) =>
        {
            // Checked here (not by form binding) so that a post without the token is a plain 400, never a 500.
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest();
            // 退出 ends the session everywhere: the renewed security stamp makes every copy of this cookie (and the
            // account's other sessions) fail the per-request check on every server (decision 019).
            if (await userManager.GetUserAsync(http.User) is { } user) await userManager.UpdateSecurityStampAsync(user);
            // Signed in through a provider with an end-session endpoint: end that session too (decision 023).
            var atProvider = await external.SignOutAsync(http, "/Account/Login");
            await signInManager.SignOutAsync();
            return atProvider ?? Results.LocalRedirect("~/Account/Login");
        });
        return accountGroup;
    }
}
