// Live slot picker: when anyone books a time of this participant, the server broadcasts
// "slots.taken" on /ws/availability/<key>/ and the overlapping buttons disappear here at once.
(function () {
  const slots = document.querySelector("[data-testid=slots]");
  if (!slots || !window.WebSocket) return;
  const key = slots.dataset.participant;
  let retry = 1000;

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

  function connect() {
    const socket = new WebSocket(window.liveSocketUrl("/ws/availability/" + key + "/"));
    socket.onopen = function () { retry = 1000; slots.dataset.live = "connected"; };
    socket.onmessage = function (message) {
      const event = JSON.parse(message.data);
      if (event.type === "slots.taken") removeOverlapping(event.payload);
    };
    socket.onclose = function () {
      slots.dataset.live = "disconnected";
      window.setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
  }
  connect();
})();
