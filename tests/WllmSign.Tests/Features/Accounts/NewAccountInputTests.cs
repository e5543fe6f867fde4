using System.ComponentModel.DataAnnotations;
using WllmSign.Portal.Features.Accounts;
using WllmSign.Portal.Features.StudentArea;

namespace WllmSign.Tests.Features.Accounts;

/// <summary>Both self-service account forms check the address and the password the same way, with the same Chinese messages.</summary>
public sealed class NewAccountInputTests
{
    private static List<string> Errors(object input)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }

    public static TheoryData<NewAccountInput> Forms() => new()
    {
        new RegisterEmployerInput { UnitName = "上海萃思软件有限公司", CreditCode = "913101136915770276", ContactName = "董先生", ContactPhone = "15821082340" },
        new ClaimInput { SchoolId = 1, GraduationYear = 2027, Name = "王小明", IdNumber = "420106200501011234" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_bad_address_a_short_password_and_a_different_repeat_are_each_refused_in_Chinese(NewAccountInput input)
    {
        input.Email = "not-an-address";
        input.Password = "short";
        input.ConfirmPassword = "other";
        Assert.Equal(new[] { "两次输入的密码不一致", "密码至少10位", "邮箱格式不正确" }.Order(StringComparer.Ordinal),
            Errors(input).Order(StringComparer.Ordinal));

        input.Email = "hr@example.com";
        input.Password = input.ConfirmPassword = "Wllm2026!demo";
        Assert.Empty(Errors(input));
    }
}
