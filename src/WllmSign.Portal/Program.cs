using WllmSign.Portal;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddPortal(builder.Configuration, builder.Environment);

var app = builder.Build();
await app.InitialisePortalAsync();
app.UsePortal();
app.Run();

/// <summary>The portal's entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
