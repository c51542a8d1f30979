using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.DataAnnotations;
using Microsoft.Extensions.Localization;

namespace MuniSocial.Features.Shared;

/// <summary>
/// No English framework message on any page: the model binder's messages (a value that is not a number, a date that
/// is not a date, a missing value) and the DataAnnotations attributes without their own message are said in
/// Japanese. A non-nullable string is not implicitly required: what a field needs is the domain's rule, said by it.
/// </summary>
public static class JapaneseMessages
{
    public static void Apply(MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        var m = options.ModelBindingMessageProvider;
        m.SetMissingBindRequiredValueAccessor(name => $"{Label(name)}を入力してください。");
        m.SetMissingKeyOrValueAccessor(() => "値を入力してください。");
        m.SetMissingRequestBodyRequiredValueAccessor(() => "送信された内容が空です。");
        m.SetValueMustNotBeNullAccessor(value => "値を入力してください。");
        m.SetAttemptedValueIsInvalidAccessor((value, name) => $"{Label(name)}の「{value}」は正しい形式ではありません。");
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"「{value}」は正しい形式ではありません。");
        m.SetUnknownValueIsInvalidAccessor(name => $"{Label(name)}の値が正しくありません。");
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => "値が正しくありません。");
        m.SetValueIsInvalidAccessor(value => $"「{value}」は正しい形式ではありません。");
        m.SetValueMustBeANumberAccessor(name => $"{Label(name)}は数字で入力してください。");
        m.SetNonPropertyValueMustBeANumberAccessor(() => "数字で入力してください。");
    }

    /// <summary>The field's display name, or a neutral word when the binder only knows the property's English name.</summary>
    private static string Label(string name) =>
        name.Length > 0 && name.All(c => c < 128) ? "入力した値" : name;

    /// <summary>
    /// The Japanese message for a validation attribute that has none of its own ({0} is the field's display name),
    /// the implicit [Required] of a value type included: every attribute's message is asked of this provider.
    /// </summary>
    public sealed class AttributeMessages : IValidationAttributeAdapterProvider
    {
        private readonly ValidationAttributeAdapterProvider inner = new();

        public IAttributeAdapter? GetAttributeAdapter(ValidationAttribute attribute, IStringLocalizer? stringLocalizer)
        {
            ArgumentNullException.ThrowIfNull(attribute);
            if (attribute.ErrorMessage is null && attribute.ErrorMessageResourceType is null)
            {
                attribute.ErrorMessage = attribute switch
                {
                    RequiredAttribute => "{0}を入力してください。",
                    StringLengthAttribute { MinimumLength: > 0 } => "{0}は{2}文字以上{1}文字以内で入力してください。",
                    StringLengthAttribute or MaxLengthAttribute => "{0}は{1}文字以内で入力してください。",
                    MinLengthAttribute => "{0}は{1}文字以上で入力してください。",
                    RangeAttribute => "{0}は{1}から{2}の範囲で入力してください。",
                    EmailAddressAttribute => "{0}はメールアドレスの形式で入力してください。",
                    UrlAttribute => "{0}は https:// で始まるアドレスで入力してください。",
                    _ => "{0}の入力内容が正しくありません。",
                };
            }
            return inner.GetAttributeAdapter(attribute, stringLocalizer);
        }
    }
}
