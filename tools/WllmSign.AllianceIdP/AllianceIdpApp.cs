using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace WllmSign.AllianceIdP;

/// <summary>Settings of the stand-in alliance site (section <c>Idp</c>).</summary>
public sealed class AllianceIdpOptions
{
    /// <summary>The portal's base addresses (e.g. http://localhost:5080): each gets /signin-alliance and /signout-callback-alliance.</summary>
    public string[] PortalUrls { get; set; } = [];
    public string ClientId { get; set; } = "wllmsign-portal";
    public string ClientSecret { get; set; } = "alliance-demo-secret";
}

/// <summary>
/// A small OpenID Connect provider standing in for the 湖北高校就业网络联盟 recruitment site: authorization code flow
/// with PKCE, an end-session endpoint, ephemeral keys, its registrations in an in-memory SQLite database, and a login
/// page with the demo accounts of <see cref="AllianceAccounts"/>. For tests and the demo only.
/// </summary>
public static class AllianceIdpApp
{
    public const string CreditCodeClaim = "credit_code";
    public const string ContactNameClaim = "contact_name";
    public const string AllianceScope = "alliance";
    private const string LoginCookie = "alliance.session";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(AllianceIdpApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);
        var options = builder.Configuration.GetSection("Idp").Get<AllianceIdpOptions>() ?? new AllianceIdpOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IdTokenFaults>();

        // One in-memory database per process; the keeper connection holds it open for the process's lifetime.
        var connectionString = $"Data Source=alliance-idp-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        var keeper = new SqliteConnection(connectionString);
        keeper.Open();
        builder.Services.AddSingleton(keeper);
        builder.Services.AddDbContext<DbContext>(o =>
        {
            o.UseSqlite(connectionString);
            o.UseOpenIddict();
        });

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = LoginCookie;
            });
        builder.Services.AddAntiforgery();

        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<DbContext>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/endsession");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile, Scopes.Phone, AllianceScope);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
                o.AddEventHandler<OpenIddictServerEvents.ApplyTokenResponseContext>(h => h
                    .UseSingletonHandler<FaultyIdTokens>()
                    .SetOrder(int.MinValue + 100_000));
            });
        builder.Services.AddSingleton<FaultyIdTokens>();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAntiforgery();

        app.MapGet("/", () => Results.Content(Page("湖北高校就业网络联盟（演示）", "<p>联盟账号登录服务（演示，仅供测试）。</p>"), "text/html; charset=utf-8"));
        app.MapGet("/login", (HttpContext ctx, IAntiforgery af, string? returnUrl) => LoginPage(ctx, af, returnUrl, null)).DisableAntiforgery();
        app.MapPost("/login", (Delegate)SignInAsync).DisableAntiforgery();
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync).DisableAntiforgery();
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], async Task<IResult> (HttpContext ctx) =>
        {
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }).DisableAntiforgery();

        app.Lifetime.ApplicationStarted.Register(() => RegisterPortalAsync(app.Services, options.PortalUrls).GetAwaiter().GetResult());
        return app;
    }

    /// <summary>
    /// Registers the portal as a confidential client (code flow with PKCE) with the redirect and post-logout addresses of
    /// <paramref name="portalUrls"/>, adding them to an existing registration (tests register a portal once its port is known).
    /// </summary>
    public static async Task RegisterPortalAsync(IServiceProvider services, IEnumerable<string> portalUrls)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(portalUrls);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        await db.Database.EnsureCreatedAsync();
        var options = scope.ServiceProvider.GetRequiredService<AllianceIdpOptions>();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await manager.FindByClientIdAsync(options.ClientId) is { } existing)
        {
            var current = new OpenIddictApplicationDescriptor();
            await manager.PopulateAsync(current, existing);
            AddPortalUris(current, portalUrls);
            await manager.UpdateAsync(existing, current);
            return;
        }
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = options.ClientId,
            ClientSecret = options.ClientSecret,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "湖北高校就业网络联盟 签约上报系统",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email, Permissions.Scopes.Profile, Permissions.Scopes.Phone,
                Permissions.Prefixes.Scope + AllianceScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        AddPortalUris(descriptor, portalUrls);
        await manager.CreateAsync(descriptor);
    }

    private static void AddPortalUris(OpenIddictApplicationDescriptor descriptor, IEnumerable<string> portalUrls)
    {
        foreach (var portal in portalUrls)
        {
            var root = portal.TrimEnd('/');
            descriptor.RedirectUris.Add(new Uri(root + "/signin-alliance"));
            descriptor.PostLogoutRedirectUris.Add(new Uri(root + "/signout-callback-alliance"));
        }
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext ctx)
    {
        var request = ctx.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await ctx.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var account = session.Succeeded ? AllianceAccounts.BySubject(session.Principal?.FindFirstValue(ClaimTypes.NameIdentifier)) : null;
        if (account is null || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
                return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.LoginRequired,
                }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            var query = ctx.Request.HasFormContentType ? QueryString.Create(ctx.Request.Form.Where(p => p.Key != "prompt"))
                : QueryString.Create(ctx.Request.Query.Where(p => p.Key != "prompt"));
            return Results.Challenge(new AuthenticationProperties { RedirectUri = ctx.Request.PathBase + ctx.Request.Path + query },
                [CookieAuthenticationDefaults.AuthenticationScheme]);
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, account.Subject)
            .SetClaim(Claims.Email, account.Email)
            .SetClaim(Claims.EmailVerified, true)
            .SetClaim(Claims.Name, account.UnitName)
            .SetClaim(Claims.PhoneNumber, account.Phone)
            .SetClaim(ContactNameClaim, account.ContactName);
        if (account.CreditCode is not null) identity.SetClaim(CreditCodeClaim, account.CreditCode);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> SignInAsync(HttpContext ctx, IAntiforgery antiforgery)
    {
        var form = await ctx.Request.ReadFormAsync();
        var returnUrl = form["returnUrl"].ToString();
        if (!await antiforgery.IsRequestValidAsync(ctx)) return Results.BadRequest();
        var account = AllianceAccounts.Find(form["email"], form["password"]);
        if (account is null) return LoginPage(ctx, antiforgery, returnUrl, "账号或密码错误");
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, account.Subject), new Claim(ClaimTypes.Name, account.Email)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        // Only a local address (the authorize request) may follow the sign-in.
        return Results.LocalRedirect(string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal) ? "/" : returnUrl);
    }

    private static IResult LoginPage(HttpContext ctx, IAntiforgery antiforgery, string? returnUrl, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(ctx);
        var enc = System.Text.Encodings.Web.HtmlEncoder.Default;
        var accounts = string.Join("", AllianceAccounts.All.Select(a =>
            $"<li><code>{enc.Encode(a.Email)}</code> {enc.Encode(a.UnitName)} {enc.Encode(a.CreditCode ?? "（无信用代码）")}</li>"));
        var body = $"""
            <h1>湖北高校就业网络联盟 账号登录</h1>
            {(error is null ? "" : $"<p class=\"err\" id=\"idp-error\">{enc.Encode(error)}</p>")}
            <form method="post" action="/login">
              <input type="hidden" name="{enc.Encode(tokens.FormFieldName)}" value="{enc.Encode(tokens.RequestToken!)}" />
              <input type="hidden" name="returnUrl" value="{enc.Encode(returnUrl ?? "")}" />
              <p><label>联盟账号（邮箱）<br><input id="idp-email" name="email" autocomplete="username"></label></p>
              <p><label>密码<br><input id="idp-password" name="password" type="password" autocomplete="current-password"></label></p>
              <p><button id="idp-submit" type="submit">登录</button></p>
            </form>
            <p>演示账号（密码均为 {AllianceAccounts.Password}）：</p><ul>{accounts}</ul>
            """;
        return Results.Content(Page("联盟账号登录", body), "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static string Page(string title, string body) => $$"""
        <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{title}}</title>
        <style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto} .err{color:#b00020} input{width:20rem;padding:.3rem}</style>
        </head><body>{{body}}</body></html>
        """;

    /// <summary>Applies <see cref="IdTokenFaults.Current"/> to the id token of a token response.</summary>
    private sealed class FaultyIdTokens(IdTokenFaults faults, IOptionsMonitor<OpenIddictServerOptions> server)
        : IOpenIddictServerHandler<OpenIddictServerEvents.ApplyTokenResponseContext>
    {
        public ValueTask HandleAsync(OpenIddictServerEvents.ApplyTokenResponseContext context)
        {
            var token = context.Response.IdToken;
            if (string.IsNullOrEmpty(token) || faults.Current == IdTokenFault.None) return default;
            var parts = token.Split('.');
            var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
            switch (faults.Current)
            {
                case IdTokenFault.Tampered:
                    payload[CreditCodeClaim] = AllianceAccounts.DemoEmployer.CreditCode;
                    parts[1] = Base64UrlEncoder.Encode(payload.ToJsonString());
                    context.Response.IdToken = string.Join('.', parts);
                    return default;
                case IdTokenFault.WrongAudience:
                    payload[Claims.Audience] = "another-client";
                    break;
                case IdTokenFault.Expired:
                    var now = DateTimeOffset.UtcNow;
                    payload[Claims.IssuedAt] = now.AddMinutes(-30).ToUnixTimeSeconds();
                    payload[Claims.NotBefore] = now.AddMinutes(-30).ToUnixTimeSeconds();
                    payload[Claims.ExpiresAt] = now.AddMinutes(-10).ToUnixTimeSeconds();
                    break;
            }
            // Re-signed with the provider's own key: only the changed claim is wrong.
            var credentials = server.CurrentValue.SigningCredentials.First();
            var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject();
            var claims = payload.ToDictionary(p => p.Key, p => Plain(p.Value));
            context.Response.IdToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Claims = claims,
                SigningCredentials = credentials,
                TokenType = header["typ"]?.GetValue<string>() ?? "JWT",
            });
            return default;
        }

        private static object Plain(JsonNode? node) => node switch
        {
            JsonArray array => array.Select(Plain).ToList(),
            JsonValue value when value.TryGetValue<long>(out var l) => l,
            JsonValue value when value.TryGetValue<bool>(out var b) => b,
            JsonValue value => value.ToString(),
            _ => node?.ToJsonString() ?? "",
        };
    }
}
