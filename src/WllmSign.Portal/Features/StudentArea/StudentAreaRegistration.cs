namespace WllmSign.Portal.Features.StudentArea;

/// <summary>The services of #5 student area.</summary>
public static class StudentAreaRegistration
{
    public static IServiceCollection AddStudentArea(this IServiceCollection services)
    {
        return services;
    }
}
