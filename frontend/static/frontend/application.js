// The membership application form: the kind select offers only the chosen category's kinds, and the
// annual fee updates as the figures are typed, from the fee quote API (the "Show the fee" button does
// the same without JavaScript).
(function () {
  function categoryLabel(select) {
    const option = select.options[select.selectedIndex];
    return option && option.value ? option.text : "";
  }

  function filterKinds(form) {
    const category = form.querySelector("[data-application-category]");
    const kind = form.querySelector("[data-application-kind]");
    if (!category || !kind) return;
    const label = categoryLabel(category);
    kind.querySelectorAll("optgroup").forEach(function (group) {
      const shown = !label || group.label === label;
      group.hidden = !shown;
      group.disabled = !shown;
      if (!shown && group.contains(kind.options[kind.selectedIndex])) kind.value = "";
    });
  }

  function showFee(form, output, text, isError) {
    output.replaceChildren();
    if (!text) return;
    const line = document.createElement("p");
    line.className = isError ? "field-error" : "result";
    line.textContent = text;
    output.appendChild(line);
  }

  let pending = null;
  function updateFee(form) {
    const output = form.querySelector("[data-fee-output]");
    const category = form.querySelector("[data-application-category]");
    if (!output || !category || !category.value) return;
    const params = new URLSearchParams({ category: category.value });
    form.querySelectorAll("[data-fee-input]").forEach(function (input) {
      if (input.value !== "") params.set(input.dataset.feeInput, input.value);
    });
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(form.dataset.feeUrl + "?" + params.toString(), {
      headers: { Accept: "application/json" },
      signal: pending.signal,
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (answer) {
        if (answer.ok) {
          // The page's language writes the amount (USD 8,500 / 8.500 USD), as the server's usd filter does.
          const amount = new Intl.NumberFormat(document.documentElement.lang || "en", {
            style: "currency", currency: "USD", currencyDisplay: "code", minimumFractionDigits: 0, maximumFractionDigits: 0,
          }).format(Number(answer.body.amount_usd));
          showFee(form, output, interpolate(gettext("Annual fee: %(amount)s (%(basis)s)"), { amount: amount, basis: answer.body.basis }, true), false);
        } else {
          const messages = Object.values(answer.body.errors || {}).flat();
          showFee(form, output, messages.join(" ") || answer.body.detail, true);
        }
      })
      .catch(function () { /* aborted or offline: the "Show the fee" button still works */ });
  }

  document.querySelectorAll("form[data-application-form]").forEach(function (form) {
    filterKinds(form);
    form.addEventListener("change", function (event) {
      if (event.target.matches("[data-application-category]")) filterKinds(form);
      if (form.dataset.feeUrl) updateFee(form);
    });
    form.addEventListener("input", function (event) {
      if (form.dataset.feeUrl && event.target.matches("[data-fee-input]")) updateFee(form);
    });
  });
})();
