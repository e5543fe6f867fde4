using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WllmSign.Tests.Infrastructure;

namespace WllmSign.Tests.Features.Invitations;

internal static class PortalWithoutBackgroundJobs
{
    /// <summary>
    /// The portal without its hosted background loops (the outbox sender's timer runs on real time even with a
    /// fake clock): a test that calls <c>OutboxSender.DeliverDueAsync</c> itself is then the only sender.
    /// </summary>
    public static WebApplicationFactory<Program> WithoutBackgroundJobs(this PortalFactory factory,
        Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? more = null) =>
        factory.WithWebHostBuilder(b =>
        {
            b.ConfigureServices(s => s.RemoveAll<IHostedService>());
            more?.Invoke(b);
        });
}
