// The first field marked invalid inside a form (MudBlazor's mud-input-error): scrolled to the middle of the screen,
// and its input focused, so that a refusal is never off-screen (decision 028; Components/Shared/FieldErrors.cs).
export function revealFirstError(form) {
    const marked = form?.querySelector('.mud-input-error');
    if (!marked) return;
    const field = marked.closest('.mud-input-control') ?? marked;
    field.scrollIntoView({ block: 'center' });
    const input = field.querySelector('input:not([type=hidden]), textarea, [tabindex]:not([tabindex="-1"])');
    input?.focus({ preventScroll: true });
}
