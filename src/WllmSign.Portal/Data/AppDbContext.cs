using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WllmSign.Domain.Invitations;
using WllmSign.Domain.Schools;

namespace WllmSign.Portal.Data;

/// <summary>
/// Identity and the domain in one database. One short-lived context per operation. Abstract: every context is a
/// provider's subclass (<see cref="SqliteAppDbContext"/>, <see cref="PostgresAppDbContext"/>), each owning its own
/// migration set and snapshot, while services ask for <see cref="AppDbContext"/> (decision 012).
/// </summary>
public abstract class AppDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    /// <summary>For a provider's subclass, with its own options type and migration set.</summary>
    protected AppDbContext(DbContextOptions options) : base(options) { }

    /// <summary>The Data Protection key ring: a restart (or a second server) keeps everyone signed in.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<School> Schools => Set<School>();
    public DbSet<Employer> Employers => Set<Employer>();
    public DbSet<Student> Students => Set<Student>();
    public DbSet<Residency> Residencies => Set<Residency>();
    public DbSet<Signing> Signings => Set<Signing>();
    public DbSet<SendListEntry> SendList => Set<SendListEntry>();
    public DbSet<AgreementCounter> AgreementCounters => Set<AgreementCounter>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OutboxEmail> Outbox => Set<OutboxEmail>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<WllmSign.Portal.Features.Agreements.Signatures.AgreementFile> AgreementFiles => Set<WllmSign.Portal.Features.Agreements.Signatures.AgreementFile>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfiguration(new WllmSign.Portal.Features.Audit.AuditEntryConfiguration());

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
            e.OwnsOne(x => x.SigningInfo, i =>
            {
                i.Property(x => x.Nature).HasMaxLength(20);
                i.Property(x => x.Location).HasMaxLength(40);
                i.OwnsOne(x => x.ArchiveAndHukou, a => ArchiveAndHukouColumns(a, "SigningInfo", codeMaxLength: 20));
                i.Navigation(x => x.ArchiveAndHukou).IsRequired();
            });
            e.Navigation(x => x.SigningInfo).IsRequired(false);
            e.Ignore(x => x.SigningInfoConfirmed);
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
            r.Property(x => x.Version).IsConcurrencyToken();
        });

        ConfigureSignings(builder);
    }

    private static void ConfigureSignings(ModelBuilder builder)
    {
        builder.Entity<Signing>(s =>
        {
            s.Property(x => x.Status).HasConversion<int>();
            s.Property(x => x.TerminationRequestedBy).HasConversion<int?>();
            // Two verifiers, or an accept and a withdrawal, cannot both win: the loser's UPDATE matches no row.
            s.Property(x => x.Version).IsConcurrencyToken();
            s.Property(x => x.AgreementNumber).HasMaxLength(15);
            s.Property(x => x.VerificationCode).HasMaxLength(8);
            s.HasIndex(x => x.AgreementNumber).IsUnique();
            s.HasIndex(x => new { x.EmployerId, x.Status, x.InvitedAt });
            s.HasIndex(x => new { x.StudentId, x.Status });
            // Rule 6 in the database too: one active agreement (AwaitingVerification, Effective, either
            // termination state) per student, so two accepts at the same instant cannot both commit.
            s.HasIndex(x => x.StudentId).IsUnique()
                .HasFilter($"\"Status\" IN ({string.Join(", ", SigningStatuses.ActiveAgreement.Select(a => ((int)a).ToString(System.Globalization.CultureInfo.InvariantCulture)))})")
                .HasDatabaseName("IX_Signings_OneActiveAgreementPerStudent");
            s.HasIndex(x => new { x.SchoolId, x.Status, x.InvitedAt });
            // The data-management lists (decision 015): copies of the student's 姓名, 身份证号 and 专业 and of the
            // employer's name, written only by
            // the database's triggers (see SigningSearchCopies), so every filter of the filter bar is a condition on
            // Signings alone; and one index per list, ordered as the list (newest invitation first) and holding every
            // filtered column, so a page is an index scan that stops after one page and a count reads no table row.
            foreach (var copy in SigningSearchCopies.Columns)
            {
                var column = s.Property<string>(copy.Column);
                if (copy.MaxLength is { } max) column.HasMaxLength(max);
                var property = column.Metadata;
                property.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
                property.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
            }
            s.HasIndex(nameof(Signing.EmployerId), nameof(Signing.InvitedAt), nameof(Signing.Id), nameof(Signing.Status), nameof(Signing.Deadline),
                    nameof(Signing.SchoolId), nameof(Signing.GraduationYear), nameof(Signing.TerminationRequestedBy),
                    SigningSearchCopies.StudentName, SigningSearchCopies.StudentIdNumber, SigningSearchCopies.StudentMajor)
                .HasDatabaseName("IX_Signings_EmployerList");
            s.HasIndex(nameof(Signing.SchoolId), nameof(Signing.InvitedAt), nameof(Signing.Id), nameof(Signing.Status), nameof(Signing.Deadline),
                    nameof(Signing.GraduationYear), nameof(Signing.EmployerId),
                    SigningSearchCopies.StudentName, SigningSearchCopies.StudentIdNumber, SigningSearchCopies.StudentMajor, SigningSearchCopies.EmployerName)
                .HasDatabaseName("IX_Signings_SchoolList");
            s.HasIndex(x => new { x.Status, x.Deadline });
            s.HasOne<Employer>().WithMany().HasForeignKey(x => x.EmployerId).OnDelete(DeleteBehavior.Restrict);
            s.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Restrict);
            s.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
            s.OwnsOne(x => x.Offer, o =>
            {
                o.Property(x => x.JobCategory).HasMaxLength(40);
                o.Property(x => x.Position).HasMaxLength(50);
                o.OwnsOne(x => x.ArchiveAndHukou, a => ArchiveAndHukouColumns(a, "Offer", codeMaxLength: null));
                o.Navigation(x => x.ArchiveAndHukou).IsRequired();
            });
            s.Navigation(x => x.Offer).IsRequired();
            s.OwnsMany<ProcessTrailEntry>("_trail", t =>
            {
                t.ToTable("SigningTrail");
                t.WithOwner().HasForeignKey("SigningId");
                t.Property<int>("Id");
                t.HasKey("Id");
                t.Property(x => x.ActorName).HasMaxLength(100);
                t.Property(x => x.Action).HasMaxLength(40);
            });
            s.Ignore(x => x.Trail);
            s.Ignore(x => x.DomainEvents);
        });

        builder.Entity<SendListEntry>(e =>
        {
            e.HasIndex(x => new { x.EmployerId, x.StudentId }).IsUnique();
            e.HasOne<Employer>().WithMany().HasForeignKey(x => x.EmployerId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Student>().WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AgreementCounter>(c =>
        {
            c.HasKey(x => new { x.SchoolId, x.GraduationYear });
            c.Property(x => x.Version).IsConcurrencyToken();
        });

        builder.Entity<Notification>(n =>
        {
            n.Property(x => x.RecipientKind).HasConversion<int>();
            n.HasIndex(x => new { x.RecipientKind, x.RecipientId, x.ReadAt, x.CreatedAt });
        });

        builder.Entity<OutboxEmail>(o => o.HasIndex(x => new { x.SentAt, x.NextAttemptAt }));

        // Issued agreement PDFs (decision 021): one per signing and kind; /verify finds a file by its hash.
        builder.Entity<WllmSign.Portal.Features.Agreements.Signatures.AgreementFile>(f =>
        {
            f.Property(x => x.Kind).HasConversion<int>();
            f.Property(x => x.Sha256).HasMaxLength(64);
            f.HasIndex(x => new { x.SigningId, x.Kind }).IsUnique();
            f.HasIndex(x => x.Sha256);
            f.HasOne<Signing>().WithMany().HasForeignKey(x => x.SigningId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    /// <summary>
    /// The 档案/户口 value (<see cref="ArchiveAndHukou"/>) inside its owner, in the owner's columns as before it was one
    /// type (<c>SigningInfo_ArchiveReceiving</c>, <c>Offer_HukouAddress</c>, …): the schema does not change.
    /// </summary>
    private static void ArchiveAndHukouColumns<TOwner>(OwnedNavigationBuilder<TOwner, ArchiveAndHukou> a, string owner, int? codeMaxLength)
        where TOwner : class
    {
        var receiving = a.Property(x => x.ArchiveReceiving).HasColumnName(owner + "_" + nameof(ArchiveAndHukou.ArchiveReceiving));
        var hukouType = a.Property(x => x.HukouReceivingType).HasColumnName(owner + "_" + nameof(ArchiveAndHukou.HukouReceivingType));
        if (codeMaxLength is { } max)
        {
            receiving.HasMaxLength(max);
            hukouType.HasMaxLength(max);
        }
        a.Property(x => x.ArchiveForwardUnit).HasColumnName(owner + "_" + nameof(ArchiveAndHukou.ArchiveForwardUnit));
        a.Property(x => x.ArchiveForwardAddress).HasColumnName(owner + "_" + nameof(ArchiveAndHukou.ArchiveForwardAddress));
        a.Property(x => x.ArchiveForwardPostcode).HasColumnName(owner + "_" + nameof(ArchiveAndHukou.ArchiveForwardPostcode));
        a.Property(x => x.ArchiveForwardContact).HasColumnName(owner + "_" + nameof(ArchiveAndHukou.ArchiveForwardContact));
        a.Property(x => x.ArchiveForwardPhone).HasColumnName(owner + "_" + nameof(ArchiveAndHukou.ArchiveForwardPhone));
        a.Property(x => x.HukouAddress).HasColumnName(owner + "_" + nameof(ArchiveAndHukou.HukouAddress));
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset: store UTC ticks (sortable, comparable, exact).
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        }
        else if (Database.IsNpgsql())
        {
            // timestamptz accepts only offset 0: every instant (and every query parameter compared with one,
            // e.g. a China-time day boundary) is normalised to UTC on the way in.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcConverter>();
        }
    }
}
