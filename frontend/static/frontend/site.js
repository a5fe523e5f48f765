// Behaviours of every page (no inline script, so a strict Content-Security-Policy can be on):
// - the header's menu button folds the navigation on narrow screens (without JavaScript every link shows);
// - a table with a header row gets each cell's column name as `data-label`, so narrow screens can show
//   its rows stacked as "label: value" (site.css).
document.addEventListener("DOMContentLoaded", function () {
  const header = document.querySelector("[data-menu]");
  const toggle = header && header.querySelector(".menu-toggle");
  if (header && toggle) {
    header.classList.add("collapsible");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      header.classList.toggle("open", open);
    });
  }
  document.querySelectorAll("main table").forEach(function (table) {
    const headRow = table.tHead && table.tHead.rows[0];
    if (!headRow) return;
    const labels = [];
    Array.from(headRow.cells).forEach(function (cell) {
      for (let i = 0; i < (cell.colSpan || 1); i += 1) labels.push(cell.textContent.trim());
    });
    Array.from(table.tBodies).forEach(function (body) {
      Array.from(body.rows).forEach(function (row) {
        let column = 0;
        Array.from(row.cells).forEach(function (cell) {
          if (!cell.hasAttribute("data-label") && labels[column]) cell.setAttribute("data-label", labels[column]);
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("stackable");
  });
});
