using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace WllmSign.Portal.Features.Notifications;

public sealed class EmailOptions
{
    /// <summary>Sender address and name.</summary>
    public string From { get; set; } = "noreply@wllm.test";
    public string FromName { get; set; } = "湖北高校就业网络联盟签约上报系统";
    /// <summary>With no SMTP host, messages are written as .eml files into this folder (content-root relative).</summary>
    public string PickupDirectory { get; set; } = "App_Data/mail";
    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool UseStartTls { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

public interface IMailer
{
    Task SendAsync(string toAddress, string toName, string subject, string htmlBody, CancellationToken ct = default);
}

/// <summary>Sends through SMTP (MailKit) when <c>Email:Smtp:Host</c> is set, otherwise drops .eml files in the pickup folder.</summary>
public sealed class Mailer(IOptions<EmailOptions> options, IWebHostEnvironment env, ILogger<Mailer> logger) : IMailer
{
    public async Task SendAsync(string toAddress, string toName, string subject, string htmlBody, CancellationToken ct = default)
    {
        var o = options.Value;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(o.FromName, o.From));
        message.To.Add(new MailboxAddress(toName, toAddress));
        message.Subject = subject;
        message.Body = new BodyBuilder { HtmlBody = htmlBody }.ToMessageBody();

        if (string.IsNullOrWhiteSpace(o.Smtp.Host))
        {
            var dir = Path.IsPathRooted(o.PickupDirectory) ? o.PickupDirectory : Path.Combine(env.ContentRootPath, o.PickupDirectory);
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
            await message.WriteToAsync(file, ct);
            logger.LogInformation("Email to {To} written to {File}", toAddress, file);
            return;
        }

        using var client = new SmtpClient();
        await client.ConnectAsync(o.Smtp.Host, o.Smtp.Port, o.Smtp.UseStartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.Smtp.UserName)) await client.AuthenticateAsync(o.Smtp.UserName, o.Smtp.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
        logger.LogInformation("Email to {To} sent through {Host}", toAddress, o.Smtp.Host);
    }
}

/// <summary>The account emails of ASP.NET Core Identity, in Chinese, through the portal's mailer.</summary>
public sealed class IdentityEmailSender(IMailer mailer) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        mailer.SendAsync(email, user.DisplayName, "请确认你的邮箱 - 湖北高校就业网络联盟签约上报系统",
            $"<p>{Encode(user.DisplayName)}，你好：</p><p>请点击以下链接确认邮箱，完成注册：<a href=\"{confirmationLink}\">确认邮箱</a></p><p>如非本人操作，请忽略本邮件。</p>");

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        mailer.SendAsync(email, user.DisplayName, "重置密码 - 湖北高校就业网络联盟签约上报系统",
            $"<p>请点击以下链接重置密码：<a href=\"{resetLink}\">重置密码</a></p>");

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        mailer.SendAsync(email, user.DisplayName, "重置密码验证码 - 湖北高校就业网络联盟签约上报系统",
            $"<p>你的重置密码验证码：{Encode(resetCode)}</p>");

    private static string Encode(string s) => System.Net.WebUtility.HtmlEncode(s);
}
