using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using WllmSign.Domain.Signings;
using WllmSign.Portal;
using WllmSign.Portal.Data;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.Demo;
using WllmSign.Portal.Features.Invitations;
using WllmSign.Portal.Features.Notifications;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Invitations;

/// <summary>The invitation email over real SMTP (MailKit → an in-process SmtpServer): a failed send is retried and never undoes the invitation.</summary>
public sealed class InvitationEmailSmtpTests : IAsyncLifetime
{
    private readonly FakeClock clock = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
    private readonly PortalFactory baseFactory;
    private readonly WebApplicationFactory<Program> portal;
    private readonly int port = FreePort();

    public InvitationEmailSmtpTests()
    {
        baseFactory = new PortalFactory(seedDemo: true, clock: clock);
        portal = baseFactory.WithoutBackgroundJobs(b => b
            .UseSetting("Email:Smtp:Host", "127.0.0.1")
            .UseSetting("Email:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Email:Smtp:UseStartTls", "false"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await portal.DisposeAsync();
        await baseFactory.DisposeAsync();
    }

    [Fact]
    public async Task Invitation_email_arrives_over_smtp_with_the_chinese_subject_and_the_deadline_after_a_failed_attempt()
    {
        int studentId, employerId;
        await using (var db = portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
        {
            employerId = await db.Employers.Where(e => e.CreditCode == DemoData.EmployerCreditCode).Select(e => e.Id).SingleAsync();
            var schoolId = await db.Schools.Where(s => s.Code == "10500").Select(s => s.Id).SingleAsync();
            var student = await db.Students.Where(s => s.SchoolId == schoolId).OrderBy(s => s.Id).FirstAsync();
            student.SetContact(null, null, "li@student.test", null);
            await db.SaveChangesAsync();
            studentId = student.Id;
        }
        var employer = new CurrentUser("demo", DemoData.EmployerName, Roles.Employer, employerId, null, null);
        await portal.Services.GetRequiredService<EmployerSearchService>().AddToSendListAsync(employer, studentId);
        await portal.Services.GetRequiredService<EmployerSendService>().SendAsync(employer, [studentId], new LetterForm
        {
            JobCategory = "计算机与网络", Position = "Java开发工程师", FeedbackDays = 7, ProbationDays = 90, ProbationSalary = 6000,
            RegularSalary = 7000, Penalty = 0, ReportProvince = "湖北省", ReportCity = "武汉市", ReportDeadline = new DateTime(2027, 7, 1),
            WorkProvince = "上海市", WorkCity = "上海市", WorkDetail = "杨浦区国权北路248号", ContactName = "董先生", ContactPhone = "15821082340",
            ArchiveReceiving = "单位不接收", HukouReceivingType = "不接收",
        });
        var outbox = portal.Services.GetRequiredService<OutboxSender>();

        // No SMTP server yet: the send fails, is recorded for a retry, and the invitation stands.
        Assert.Equal(0, await outbox.DeliverDueAsync());
        await using (var db = portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
        {
            var email = await db.Outbox.SingleAsync();
            Assert.Equal(1, email.Attempts);
            Assert.Null(email.SentAt);
            Assert.NotNull(email.LastError);
            Assert.Equal(SigningStatus.Invited, (await db.Signings.SingleAsync(s => s.StudentId == studentId)).Status);
        }

        var store = new CapturingStore();
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(store);
        var server = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).IsSecure(false)).Build(), provider);
        using var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        try
        {
            Assert.Equal(0, await outbox.DeliverDueAsync()); // not due before its back-off
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(1, await outbox.DeliverDueAsync());
        }
        finally
        {
            server.Shutdown();
            stop.Cancel();
            try { await running; } catch (OperationCanceledException) { }
        }

        var message = Assert.Single(store.Messages);
        Assert.Equal("li@student.test", message.To.Mailboxes.Single().Address);
        Assert.Equal($"签约邀请：{DemoData.EmployerName} - 湖北高校就业网络联盟签约上报系统", message.Subject);
        Assert.Contains("请于2026/12/04日24点之前反馈", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Java开发工程师", message.HtmlBody, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var p = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return p;
    }

    private sealed class CapturingStore : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
