// The fee calculator shows only the inputs the chosen category needs: each input names its categories
// in data-fee-for; the others are hidden (and disabled, so they are not sent). Without JavaScript every
// input shows and the server says which are missing.
(function () {
  function toggle(form, category) {
    form.querySelectorAll("[data-fee-for]").forEach(function (input) {
      const needed = !category.value || input.dataset.feeFor.split(" ").indexOf(category.value) !== -1;
      const wrapper = input.closest(".field") || input;
      wrapper.hidden = !needed;
      input.disabled = !needed;
    });
  }

  document.querySelectorAll("form[data-fee-calculator]").forEach(function (form) {
    const category = form.querySelector("[data-fee-category]");
    if (!category) return;
    toggle(form, category);
    category.addEventListener("change", function () { toggle(form, category); });
  });
})();
