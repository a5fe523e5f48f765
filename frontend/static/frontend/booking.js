// Live slot picker: when anyone books a time of this participant, the server broadcasts
// "slots.taken" on /ws/availability/<key>/ and the overlapping buttons disappear here at once.
(function () {
  const slots = document.querySelector("[data-testid=slots]");
  if (!slots || !window.live) return;
  const key = slots.dataset.participant;

  function removeOverlapping(payload) {
    const buffer = (payload.buffer_minutes || 0) * 60000;
    const takenStart = Date.parse(payload.start) - buffer;
    const takenEnd = Date.parse(payload.end) + buffer;
    let removed = 0;
    slots.querySelectorAll("button.slot").forEach(function (button) {
      const start = Date.parse(button.dataset.start);
      const end = Date.parse(button.dataset.end);
      if (start < takenEnd && end > takenStart) { button.remove(); removed += 1; }
    });
    if (removed) document.querySelector("[data-testid=live-note]").hidden = false;
  }

  window.live.listen("/ws/availability/" + key + "/", {
    onState: function (state) { slots.dataset.live = state; },
    onMessage: function (event) {
      if (event.type === "slots.taken") removeOverlapping(event.payload);
    },
  });
})();
