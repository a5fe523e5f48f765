// Where live pages open their WebSockets: the server's LIVE_UPDATES_URL (a pool of processes that
// only relays events) when the deployment sets one, else this page's own host. Loaded before the
// page scripts that use it (all deferred, so they run in document order); only live pages load it.
window.liveSocketUrl = function (path) {
  const meta = document.querySelector("meta[name=live-updates-url]");
  if (meta && meta.content) return meta.content + path;
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return scheme + "://" + window.location.host + path;
};
