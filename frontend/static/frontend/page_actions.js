// Small page behaviours without inline handlers (so a strict Content-Security-Policy can be on):
// a button with `data-print` prints the page; a select with `data-autosubmit` submits its form on change
// (through the button whose id it names, when it names one, so the server knows which action it is).
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-print]");
  if (button) window.print();
});
document.addEventListener("change", function (event) {
  const field = event.target.closest("select[data-autosubmit]");
  if (!field || !field.form) return;
  const button = field.dataset.autosubmit ? document.getElementById(field.dataset.autosubmit) : null;
  if (button && field.form.requestSubmit) field.form.requestSubmit(button);
  else field.form.submit();
});
