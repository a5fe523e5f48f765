// The header bell: its unread count follows the notification centre live. Loaded on every page for
// a signed-in person, after live.js (both deferred). It opens /ws/notifications/ and applies
//   notification.created {id, kind, title, link, created_at, unread_count}
//   notification.read    {unread_count}
// On the notifications page it also says that new ones arrived (the list itself is server-rendered).
(function () {
  const bell = document.querySelector("[data-testid=bell]");
  if (!bell || !window.live) return;
  const count = bell.querySelector("[data-testid=unread-count]");
  const newNote = document.querySelector("[data-testid=new-notifications]");

  function showCount(unread) {
    if (typeof unread !== "number") return;
    count.textContent = String(unread);
    count.hidden = unread === 0;
  }

  window.live.listen("/ws/notifications/", {
    onState: function (state) { bell.dataset.live = state; },
    onMessage: function (event) {
      if (event.type === "notification.created") {
        showCount(event.payload.unread_count);
        if (newNote) newNote.hidden = false;
      } else if (event.type === "notification.read") {
        showCount(event.payload.unread_count);
      }
    },
  });
})();
