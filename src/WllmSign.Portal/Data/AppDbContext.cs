using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using WllmSign.Domain.Employers;
using WllmSign.Domain.Residencies;
using WllmSign.Domain.Schools;
using WllmSign.Domain.Students;

namespace WllmSign.Portal.Data;

/// <summary>Identity and the domain in one database. One short-lived context per operation.</summary>
public class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<School> Schools => Set<School>();
    public DbSet<Employer> Employers => Set<Employer>();
    public DbSet<Student> Students => Set<Student>();
    public DbSet<Residency> Residencies => Set<Residency>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(u =>
        {
            u.Property(x => x.DisplayName).HasMaxLength(100);
            u.Property(x => x.LastLoginIp).HasMaxLength(64);
            u.Property(x => x.PreviousLoginIp).HasMaxLength(64);
            u.HasIndex(x => x.EmployerId);
            u.HasIndex(x => x.StudentId).IsUnique();
            u.HasIndex(x => x.SchoolId);
        });

        builder.Entity<School>(s =>
        {
            s.Property(x => x.Code).HasMaxLength(10);
            s.Property(x => x.Name).HasMaxLength(60);
            s.Property(x => x.City).HasMaxLength(40);
            s.Property(x => x.JobSiteName).HasMaxLength(60);
            s.HasIndex(x => x.Code).IsUnique();
            s.HasIndex(x => x.Name);
        });

        builder.Entity<Employer>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(60);
            e.Property(x => x.CreditCode).HasMaxLength(18);
            e.HasIndex(x => x.CreditCode).IsUnique();
        });

        builder.Entity<Student>(s =>
        {
            s.Property(x => x.Name).HasMaxLength(60);
            s.Property(x => x.IdNumber).HasMaxLength(18);
            s.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
            // The four keys of 签约搜索 (rule 2) and the roster's uniqueness.
            s.HasIndex(x => new { x.SchoolId, x.GraduationYear, x.IdNumber }).IsUnique();
            s.HasIndex(x => x.IdNumber);
            s.HasIndex(x => new { x.SchoolId, x.GraduationYear, x.Faculty, x.Major });
        });

        builder.Entity<Residency>(r =>
        {
            r.HasOne<Employer>().WithMany().HasForeignKey(x => x.EmployerId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
            r.HasIndex(x => new { x.EmployerId, x.SchoolId }).IsUnique();
            r.HasIndex(x => new { x.SchoolId, x.Status });
            r.Property(x => x.Status).HasConversion<int>();
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset: store UTC ticks (sortable, comparable, exact).
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        }
    }
}
