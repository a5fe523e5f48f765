// A queued or running scheduler run (schedule and run pages): the worker solving it sends
// "event.run_progress" (fewest breaks so far, proven bound, seconds) about once a second on the
// event dashboard's WebSocket, /ws/events/<id>/dashboard/; this script writes the figures into the
// run's panel, and reloads the page once the run has ended so its result shows in full.
(function () {
  const root = document.querySelector("[data-run-live]");
  if (!root || !window.live) return;
  const run = Number(root.dataset.run);

  function show(field, value) {
    const cell = root.querySelector('[data-progress="' + field + '"]');
    if (cell && value !== null && value !== undefined) cell.textContent = value;
  }

  window.live.listen("/ws/events/" + root.dataset.event + "/dashboard/", {
    onState: function (state) { root.dataset.live = state; },
    onMessage: function (event) {
      if (!event.payload || event.payload.run !== run) return;
      if (event.type === "event.run_progress") {
        show("objective", event.payload.objective);
        show("bound", event.payload.bound);
        show("seconds", event.payload.seconds);
      } else if (event.type === "event.run_started") {
        const state = document.querySelector("[data-run-state]");
        if (state) state.textContent = root.dataset.runningLabel;
      } else if (event.type === "event.run_finished") {
        window.location.reload();
      }
    },
  });
})();
