using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using WllmSign.Portal.Data;

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
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] WllmSign.Portal.Features.Accounts.ExternalSession external,
            [FromForm] string? returnUrl) =>
        {
            // Signed in through a provider with an end-session endpoint: end that session too (decision 023).
            var atProvider = await external.SignOutAsync(http, "/Account/Login");
            await signInManager.SignOutAsync();
            return atProvider ?? TypedResults.LocalRedirect("~/Account/Login");
        });
        return accountGroup;
    }
}
