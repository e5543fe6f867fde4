using WllmSign.Portal.Features.Agreements;

namespace WllmSign.Tests.Features.Agreements;

public sealed class NameMaskTests
{
    [Theory]
    [InlineData("王五", "王*")]
    [InlineData("王小明", "王**")]
    [InlineData("欧阳娜娜", "欧阳**")]
    [InlineData("𠮷野家", "𠮷**")]
    [InlineData("买买提·艾力", "买**·**")]
    [InlineData("王", "王")]
    public void Public_names_keep_only_the_surname(string name, string masked) => Assert.Equal(masked, NameMask.Mask(name));
}
