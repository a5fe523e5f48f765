// Sign-up: a time-zone select marked `data-browser-time-zone` starts on the browser's own zone
// (when the list has it and the person has not chosen one yet, e.g. after a failed submit).
document.addEventListener("DOMContentLoaded", function () {
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  document.querySelectorAll("select[data-browser-time-zone]").forEach(function (select) {
    if (select.dataset.chosen === "true" || !zone) return;
    const option = Array.from(select.options).find(function (o) { return o.value === zone; });
    if (option) select.value = zone;
  });
});
