// The check-in desk of an event's dashboard (staff, often on a phone at the door):
// - "Scan a QR code" opens the camera (the rear one when there is a choice), decodes frames with jsQR
//   (vendor/jsqr-1.4.0, our own static file) and posts each new code to the check-in endpoint; the
//   answer's sentence shows under the button and the dashboard's rows and counts update live
//   (event_dashboard.js). Camera refused or missing: a sentence saying so; the search still works.
// - The search box filters the list as one types, by fetching the server's own search (accents and
//   case ignored there) as a fragment; without JavaScript the form submits `?q=` the same way.
(function () {
  const SCAN_EVERY_MS = 200;
  const SAME_CODE_PAUSE_MS = 4000; // a code held in front of the camera is posted once, not 5 times a second
  const SEARCH_DELAY_MS = 250;

  function setupScanner(scanner) {
    const start = scanner.querySelector("[data-scan-start]");
    const stop = scanner.querySelector("[data-scan-stop]");
    const help = scanner.querySelector("[data-scan-help]");
    const video = scanner.querySelector("[data-scan-video]");
    const result = scanner.querySelector("[data-testid=scan-result]");
    const csrf = scanner.querySelector("input[name=csrfmiddlewaretoken]");
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    let stream = null;
    let timer = null;
    let posting = false;
    let lastCode = "";
    let lastCodeAt = 0;

    function say(text, kind) {
      result.textContent = text;
      result.dataset.kind = kind || "";
    }

    function stopCamera() {
      if (timer) window.clearTimeout(timer);
      timer = null;
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      video.srcObject = null;
      video.hidden = true;
      help.hidden = true;
      stop.hidden = true;
      start.hidden = false;
    }

    function cameraProblem(error) {
      const name = error && error.name;
      if (name === "NotAllowedError" || name === "SecurityError") {
        return gettext("The camera was not allowed. Allow it for this site in the browser's settings, or find the person with the search below.");
      }
      if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") {
        return gettext("No camera was found on this device. Find the person with the search below.");
      }
      if (name === "NotReadableError") {
        return gettext("The camera is in use by another app. Close it and try again, or use the search below.");
      }
      return name
        ? interpolate(gettext("The camera could not start (%(error)s). Use the search below."), { error: name }, true)
        : gettext("The camera could not start. Use the search below.");
    }

    function post(code) {
      posting = true;
      const body = new FormData();
      body.append("token", code);
      say(gettext("Checking the code…"), "busy");
      fetch(scanner.dataset.checkInUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf ? csrf.value : "", Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(
            function (answer) { return answer; },
            function () {
              // Not our JSON: a login page after the session ended, or a proxy's error page.
              return {
                ok: false,
                message: interpolate(
                  gettext("The check-in did not go through (%(status)s); reload the page, log in again if asked, and scan again."),
                  { status: response.status },
                  true
                ),
              };
            }
          );
        })
        .then(function (answer) {
          say(answer.message, answer.ok ? (answer.already_checked_in ? "already" : "done") : "error");
        })
        .catch(function () {
          say(gettext("The server could not be reached; check the connection and scan again."), "error");
          lastCode = "";
        })
        .finally(function () { posting = false; });
    }

    function scanFrame() {
      timer = window.setTimeout(scanFrame, SCAN_EVERY_MS);
      if (posting || video.readyState < 2 || !video.videoWidth) return;
      // Decode a copy at most 640 px wide: enough for a code that fills part of the picture, and quick.
      const scale = Math.min(1, 640 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (!found || !found.data) return;
      const now = Date.now();
      if (found.data === lastCode && now - lastCodeAt < SAME_CODE_PAUSE_MS) return;
      lastCode = found.data;
      lastCodeAt = now;
      post(found.data);
    }

    start.addEventListener("click", function () {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        say(gettext("This browser cannot use the camera on this page (it needs a secure https address). Find the person with the search below."), "error");
        return;
      }
      if (typeof window.jsQR !== "function") {
        say(gettext("The code reader did not load; reload the page, or use the search below."), "error");
        return;
      }
      say(gettext("Starting the camera…"), "busy");
      navigator.mediaDevices
        .getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false })
        .then(function (camera) {
          stream = camera;
          video.srcObject = camera;
          video.hidden = false;
          help.hidden = false;
          start.hidden = true;
          stop.hidden = false;
          return video.play();
        })
        .then(function () {
          say(gettext("Scanning: hold the code in front of the camera."), "busy");
          scanFrame();
        })
        .catch(function (error) {
          stopCamera();
          say(cameraProblem(error), "error");
        });
    });
    stop.addEventListener("click", function () {
      stopCamera();
      say("", "");
    });
    window.addEventListener("pagehide", stopCamera);
    start.hidden = false;
  }

  function setupSearch(form) {
    const input = form.querySelector("[data-check-in-query]");
    let timer = null;
    let asked = 0;

    function search() {
      const query = input.value.trim();
      const mine = ++asked;
      const params = new URLSearchParams();
      if (query) params.set("q", query);
      const address = window.location.pathname + (query ? "?" + params.toString() : "");
      params.set("fragment", "check-in");
      fetch(window.location.pathname + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          if (mine !== asked) return; // a later keystroke's answer is on its way
          const current = document.querySelector("[data-check-in-results]");
          const parsed = new DOMParser().parseFromString(html, "text/html").querySelector("[data-check-in-results]");
          if (current && parsed) current.replaceWith(document.importNode(parsed, true));
          window.history.replaceState(null, "", address);
        })
        .catch(function () { /* the Search button still submits the form */ });
    }

    input.addEventListener("input", function () {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(search, SEARCH_DELAY_MS);
    });
  }

  document.querySelectorAll("[data-scanner]").forEach(setupScanner);
  document.querySelectorAll("[data-check-in-search]").forEach(setupSearch);
})();
