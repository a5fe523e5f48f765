// Live staff dashboard of an event: the server broadcasts "event.checked_in" and
// "event.meeting_changed" on /ws/events/<id>/dashboard/ after each change is committed; this script
// updates the counts and the affected rows in place, without a reload. The server sends values
// (a status, an ISO time), and this page writes them in its reader's language: the status with the
// page's own labels, the time with the page's language (html lang), so a change made by someone
// reading Korean does not show up in Korean on a Spanish reader's dashboard.
(function () {
  const root = document.getElementById("dashboard");
  if (!root || !window.live) return;
  const language = document.documentElement.lang || "en";
  // On the 24-hour clock, in the event's time zone, like the server's pages.
  const clock = new Intl.DateTimeFormat(language, {
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: root.dataset.timeZone,
  });
  const dayAndClock = new Intl.DateTimeFormat(language, {
    weekday: "short", month: "short", day: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: root.dataset.timeZone,
  });
  const labelsScript = document.getElementById("meeting-status-labels");
  const statusLabels = labelsScript ? JSON.parse(labelsScript.textContent) : {};
  const note = root.querySelector("[data-testid=live-note]");

  function setCounts(counts) {
    if (!counts) return;
    Object.keys(counts).forEach(function (key) {
      const cell = root.querySelector('[data-count="' + key + '"]');
      if (cell) cell.textContent = counts[key];
    });
  }

  function checkedIn(payload) {
    const row = root.querySelector('tr[data-rep="' + payload.representative + '"]');
    if (row) {
      row.classList.toggle("checked-in", payload.checked_in);
      row.querySelector('[data-field="status"]').textContent = payload.checked_in
        ? interpolate(gettext("Checked in %(time)s"), { time: clock.format(new Date(payload.checked_in_at)) }, true)
        : gettext("Not here yet");
      const button = row.querySelector("button[name=action]");
      if (button) {
        button.value = payload.checked_in ? "check-out" : "check-in";
        button.textContent = payload.checked_in ? gettext("Undo") : gettext("Check in");
        button.classList.toggle("secondary", payload.checked_in);
      }
    }
    setCounts(payload.counts);
  }

  function meetingChanged(payload) {
    const row = root.querySelector('tr[data-meeting="' + payload.meeting + '"]');
    if (row) {
      row.querySelector('[data-field="status"]').textContent = statusLabels[payload.status] || payload.status;
      if (payload.starts_at) row.querySelector('[data-field="when"]').textContent = dayAndClock.format(new Date(payload.starts_at));
      if (payload.table) row.querySelector('[data-field="table"]').textContent = payload.table;
    }
    setCounts(payload.counts);
  }

  window.live.listen("/ws/events/" + root.dataset.event + "/dashboard/", {
    onState: function (state) { root.dataset.live = state; },
    onMessage: function (event) {
      if (event.type === "event.checked_in") checkedIn(event.payload);
      else if (event.type === "event.meeting_changed") meetingChanged(event.payload);
      // A scheduler run's progress comes about once a second: the schedule page shows it.
      else if (note && event.type.indexOf("event.run_") !== 0) note.textContent = interpolate(gettext("The event changed (%(change)s): reload for the full picture."), { change: event.type }, true);
    },
  });
})();
