// The one live-updates client of the site. Pages that listen load it before their own script (all
// deferred, so they run in document order) and call:
//
//   window.live.listen("/ws/availability/<key>/", {
//     onMessage: function (event) { ... },      // each JSON message: {type, payload}
//     onState: function (state) { ... },        // "connected" or "disconnected"
//   });
//
// It reconnects after a dropped connection with exponential back-off (1 s doubling to at most 30 s,
// with jitter so a restarted server is not hit by every page at once) and resets once connected.
// Sockets open at the server's LIVE_UPDATES_URL (<meta name="live-updates-url">, a pool of
// processes that only relays events) when the deployment sets one, else at this page's own host.
(function () {
  const FIRST_DELAY_MS = 1000;
  const MAX_DELAY_MS = 30000;

  function socketUrl(path) {
    const meta = document.querySelector("meta[name=live-updates-url]");
    if (meta && meta.content) return meta.content + path;
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    return scheme + "://" + window.location.host + path;
  }

  // The wait before reconnect attempt `attempt` (0, 1, 2, ...): capped exponential, "full jitter"
  // between half and all of it.
  function backoffDelay(attempt) {
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * Math.pow(2, attempt));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  function listen(path, handlers) {
    const onMessage = handlers.onMessage || function () {};
    const onState = handlers.onState || function () {};
    let attempt = 0;
    let socket = null;
    let stopped = false;

    function connect() {
      socket = new WebSocket(socketUrl(path));
      socket.onopen = function () { attempt = 0; onState("connected"); };
      socket.onmessage = function (message) {
        let event;
        try { event = JSON.parse(message.data); } catch (error) { return; }
        onMessage(event);
      };
      socket.onclose = function () {
        onState("disconnected");
        if (stopped) return;
        window.setTimeout(connect, backoffDelay(attempt));
        attempt += 1;
      };
    }

    if (!window.WebSocket) return { stop: function () {} };
    connect();
    return { stop: function () { stopped = true; if (socket) socket.close(); } };
  }

  window.live = { listen: listen, socketUrl: socketUrl, backoffDelay: backoffDelay };
})();
