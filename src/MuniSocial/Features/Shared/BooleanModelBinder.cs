using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace MuniSocial.Features.Shared;

/// <summary>
/// A true/false field that arrives as something else (a hand-made form: "\uFFFF", "yes") stays an error on its field, as
/// before, but the value kept for showing the form again is <c>false</c>: the checkbox tag helper cannot draw an attempted
/// value that is not a boolean and threw (a 500) when the form was shown again with the message.
/// </summary>
public sealed class BooleanModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = context.Metadata.ModelType;
        return (Nullable.GetUnderlyingType(type) ?? type) == typeof(bool)
            ? new BooleanModelBinder(new SimpleTypeModelBinder(type, context.Services.GetRequiredService<ILoggerFactory>()))
            : null;
    }

    private sealed class BooleanModelBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (!bindingContext.Result.IsModelSet && bindingContext.ModelState.TryGetValue(bindingContext.ModelName, out var entry) && entry.Errors.Count > 0)
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, rawValue: false, attemptedValue: "false");
            }
        }
    }
}
