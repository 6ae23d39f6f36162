// The check-in page at the door (templates/bookings/door.html), on a phone.
//
// - Scans a booking's QR code with the camera: the browser's BarcodeDetector where it
//   has one, else jsQR (static/vendor/jsQR.js); or reads it from a photo.
// - Finds people by name and checks them in with one tap.
// - Keeps working offline: the door list and the check-ins made live in localStorage,
//   check-ins wait in a queue until the server has answered for them (then, and only
//   then, they leave the queue: none is lost), and the server counts each booking once
//   however often it is sent (none counts twice). The service worker
//   (static/js/checkin-sw.js) serves the page and its files when the network is gone.
"use strict";

(function () {
  const root = document.getElementById("door");
  const dataElement = document.getElementById("door-data");
  if (!root || !dataElement) return;
  const page = JSON.parse(dataElement.textContent);
  const T = page.texts;
  const urls = page.urls;
  const storageKey = "hubsite-door-" + page.occurrence;
  const CACHE = "hubsite-door-v1";

  // -- State: the door list, the queue of check-ins not yet answered, a CSRF token ------

  function loadState() {
    try {
      const stored = JSON.parse(localStorage.getItem(storageKey) || "null");
      if (stored && Array.isArray(stored.queue)) return stored;
    } catch (error) { /* a damaged entry: start from the page */ }
    return null;
  }

  // Door lists of other dates stay on a phone for a day at most (they hold names), and
  // never while they hold check-ins not yet sent.
  function pruneOthers() {
    const dayAgo = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    Object.keys(localStorage).filter((key) => key.startsWith("hubsite-door-") && key !== storageKey)
      .forEach((key) => {
        try {
          const other = JSON.parse(localStorage.getItem(key));
          if (!other.queue.length && (other.loaded_at || "") < dayAgo) localStorage.removeItem(key);
        } catch (error) {
          localStorage.removeItem(key);
        }
      });
  }
  try { pruneOthers(); } catch (error) { /* no storage */ }

  let state = loadState();
  if (!state || (state.loaded_at || "") < page.loaded_at) {
    // The page is newer than what this phone kept (it may have been served from the
    // cache while offline, then it is older): take its list, keep the queue.
    state = {queue: state ? state.queue : [], bookings: {}, csrf: page.csrf_token,
             loaded_at: page.loaded_at};
    setList(page.bookings);
  }

  function saveState() {
    try { localStorage.setItem(storageKey, JSON.stringify(state)); } catch (error) { /* full */ }
  }

  function setList(entries) {
    const bookings = {};
    entries.forEach((entry) => { bookings[entry.id] = entry; });
    // What this phone checked in and the server has not answered for yet stays in.
    state.queue.forEach((item) => {
      const entry = bookings[item.booking_id];
      if (entry && !entry.attended) {
        Object.assign(entry, {attended: true, checked_in_at: item.at,
                              checked_in_time: clock(item.at), checked_in_by: "", pending: true});
      }
    });
    state.bookings = bookings;
  }

  function clock(iso) {
    return new Date(iso).toLocaleTimeString("nl-NL", {hour: "2-digit", minute: "2-digit",
                                                       timeZone: "Europe/Amsterdam"});
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));
  }

  // -- What the host sees ------------------------------------------------------------------

  const result = document.getElementById("door-result");
  const network = document.getElementById("door-network");
  const list = document.getElementById("door-list");
  const count = document.getElementById("door-count");
  const search = document.getElementById("door-q");
  const searchStatus = document.getElementById("door-q-status");
  let resultTimer = null;

  // Big and coloured, with a mark as well as a colour: ok (green ✓), already (amber !),
  // wrong (red ✕). No sound.
  function show(kind, text) {
    result.hidden = false;
    result.className = "door__result door__result--" + kind;
    result.querySelector(".door__result-mark").textContent =
      kind === "ok" ? "✓" : kind === "already" ? "!" : "✕";
    result.querySelector(".door__result-text").textContent = text;
    result.dataset.result = kind;
    clearTimeout(resultTimer);
    result.classList.remove("door__result--fresh");
    void result.offsetWidth; // restart the flash for the same kind twice in a row
    result.classList.add("door__result--fresh");
  }

  function alreadyText(entry) {
    const values = {name: entry.name, time: entry.checked_in_time, by: entry.checked_in_by};
    return fill(entry.checked_in_by ? T.already_by : T.already, values);
  }

  function render() {
    const entries = Object.values(state.bookings)
      .sort((a, b) => a.name.localeCompare(b.name, "nl") || a.id - b.id);
    const words = search.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    list.replaceChildren();
    let shown = 0;
    entries.forEach((entry) => {
      const match = words.every((word) => entry.name.toLocaleLowerCase().includes(word));
      if (!match) return;
      shown += 1;
      const item = document.createElement("li");
      item.className = "door__person" + (entry.attended ? " door__person--in" : "");
      item.dataset.id = entry.id;
      const who = document.createElement("span");
      who.className = "door__who";
      const name = document.createElement("strong");
      name.textContent = entry.name;
      who.append(name);
      if (entry.seats > 1) {
        const badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = fill(T.seats, {n: entry.seats});
        who.append(" ", badge);
      }
      if (entry.organisation) {
        const organisation = document.createElement("span");
        organisation.className = "meta";
        organisation.textContent = entry.organisation;
        who.append(organisation);
      }
      item.append(who);
      if (entry.attended) {
        const inside = document.createElement("span");
        inside.className = "door__in";
        inside.textContent = fill(T.checked_in, {time: entry.checked_in_time});
        item.append(inside);
      } else {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button";
        button.dataset.checkIn = entry.id;
        button.textContent = T.check_in;
        const label = document.createElement("span");
        label.className = "visually-hidden";
        label.textContent = ": " + entry.name;
        button.append(label);
        item.append(button);
      }
      list.append(item);
    });
    if (!entries.length || (words.length && !shown)) {
      const empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = T.nobody;
      list.append(empty);
    }
    searchStatus.textContent = words.length ? fill(T.found, {n: shown}) : "";
    const inside = entries.filter((entry) => entry.attended).length;
    count.textContent = fill(T.inside, {n: inside, total: entries.length});
    showNetwork();
  }

  let lastReport = "";

  // Online or not, what still waits, and what the last sync came to (until the next).
  function showNetwork(report) {
    if (report !== undefined) lastReport = report;
    const parts = [navigator.onLine ? T.online : T.offline];
    if (state.queue.length) parts.push(fill(T.pending, {n: state.queue.length}));
    if (lastReport) parts.push(lastReport);
    network.textContent = parts.join(" · ");
    network.dataset.online = navigator.onLine ? "yes" : "no";
    network.dataset.pending = String(state.queue.length);
  }

  // -- Checking in -------------------------------------------------------------------------

  function newKey(bookingId) {
    return bookingId + "-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8);
  }

  function checkIn(bookingId) {
    const entry = state.bookings[bookingId];
    if (!entry) return;
    if (entry.attended) {
      show("already", alreadyText(entry));
      return;
    }
    const at = new Date().toISOString();
    Object.assign(entry, {attended: true, checked_in_at: at, checked_in_time: clock(at),
                          checked_in_by: "", pending: true});
    state.queue.push({key: newKey(entry.id), booking_id: entry.id, at});
    saveState();
    render();
    show("ok", fill(T.welcome, {name: entry.name}) +
               (entry.seats > 1 ? " (" + fill(T.seats, {n: entry.seats}) + ")" : ""));
    sync();
  }

  // A code this phone does not know (booked after the list came, or not for this date).
  async function askServer(code) {
    const response = await fetch(urls.code, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json",
                "X-CSRFToken": state.csrf},
      body: JSON.stringify({code}),
    });
    if (response.status === 401) { show("wrong", T.login); return; }
    const answer = await response.json();
    if (answer.result === "checked_in" || answer.result === "already") {
      state.bookings[answer.id] = answer;
      saveState();
      render();
      show(answer.result === "checked_in" ? "ok" : "already",
           answer.result === "checked_in" ? fill(T.welcome, {name: answer.name}) : alreadyText(answer));
    } else {
      show("wrong", answer.message || T.invalid);
    }
  }

  // Offline, a code can still say it is for another date: its first half is readable.
  function offlineVerdict(code) {
    try {
      const payload = code.split(".")[0].replace(/-/g, "+").replace(/_/g, "/");
      const value = JSON.parse(atob(payload + "===".slice((payload.length + 3) % 4)));
      const occurrence = value[1];
      if (Number.isInteger(occurrence) && occurrence !== page.occurrence) {
        return page.other_dates.includes(occurrence) ? T.other_date : T.other_activity;
      }
    } catch (error) { /* not one of ours */ }
    return T.invalid;
  }

  async function scanned(code) {
    const entry = Object.values(state.bookings).find((item) => item.code === code);
    if (entry) { checkIn(entry.id); return; }
    if (navigator.onLine) {
      try { await askServer(code); return; } catch (error) { /* the network went: below */ }
    }
    show("wrong", offlineVerdict(code));
  }

  // -- Syncing: until the server has answered for a check-in, it stays in the queue -------

  let syncing = false;

  async function refreshList() {
    const response = await fetch(urls.list, {credentials: "same-origin", cache: "no-store",
                                             headers: {"Accept": "application/json"}});
    if (response.status === 401) { showNetwork(T.login); return false; }
    if (!response.ok) return false;
    const body = await response.json();
    state.csrf = body.csrf_token;
    state.loaded_at = body.loaded_at;
    setList(body.bookings);
    saveState();
    render();
    return true;
  }

  async function sync() {
    if (syncing || !navigator.onLine) return;
    syncing = true;
    try {
      if (!state.queue.length) { await refreshList(); return; }
      const batch = state.queue.slice(0, 200);
      const send = () => fetch(urls.sync, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "Accept": "application/json",
                  "X-CSRFToken": state.csrf},
        body: JSON.stringify({checkins: batch}),
      });
      let response = await send();
      if (response.status === 400 && await refreshList()) response = await send(); // a new token
      if (response.status === 401) { showNetwork(T.login); return; }
      if (!response.ok) return;
      const body = await response.json();
      const answered = new Set(body.results.map((item) => item.key));
      state.queue = state.queue.filter((item) => !answered.has(item.key));
      state.csrf = body.csrf_token;
      state.loaded_at = body.loaded_at;
      setList(body.bookings);
      saveState();
      render();
      const already = body.results.filter((item) => item.result === "already");
      let report = body.results.length === 1 ? T.synced_one : fill(T.synced, {n: body.results.length});
      if (already.length) {
        report += " " + fill(T.synced_already, {
          names: already.map((item) => item.name + " (" + item.checked_in_time + ")").join(", ")});
      }
      showNetwork(report);
    } catch (error) {
      showNetwork(); // offline after all: the queue waits
    } finally {
      syncing = false;
    }
  }

  // -- The camera and photos ---------------------------------------------------------------

  const video = document.getElementById("door-video");
  const startButton = document.getElementById("door-camera-start");
  const stopButton = document.getElementById("door-camera-stop");
  const photo = document.getElementById("door-photo");
  const canvas = document.createElement("canvas");
  let detector = null;
  let stream = null;
  let lastCode = "";
  let lastAt = 0;

  async function qrDetector() {
    if (!("BarcodeDetector" in window)) return null;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      return formats.includes("qr_code") ? new window.BarcodeDetector({formats: ["qr_code"]}) : null;
    } catch (error) {
      return null;
    }
  }

  // The text of the QR code in an image, video frame or canvas, or null.
  async function decode(source) {
    if (detector === null) detector = (await qrDetector()) || false;
    if (detector) {
      try {
        const codes = await detector.detect(source);
        if (codes.length) return codes[0].rawValue;
      } catch (error) { /* fall back to jsQR */ }
    }
    const width = source.videoWidth || source.naturalWidth || source.width;
    const height = source.videoHeight || source.naturalHeight || source.height;
    if (!width || !height || typeof window.jsQR !== "function") return null;
    const scale = Math.min(1, 1024 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext("2d", {willReadFrequently: true});
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const found = window.jsQR(image.data, image.width, image.height, {inversionAttempts: "attemptBoth"});
    return found ? found.data : null;
  }

  async function watch() {
    if (!stream) return;
    if (video.readyState >= 2) {
      const code = await decode(video);
      // The same code in front of the camera is read once, not every frame.
      if (code && (code !== lastCode || Date.now() - lastAt > 4000)) {
        lastCode = code;
        lastAt = Date.now();
        await scanned(code);
      }
    }
    setTimeout(watch, 200);
  }

  async function startCamera() {
    try {
      stream = await navigator.mediaDevices.getUserMedia(
        {video: {facingMode: "environment"}, audio: false});
    } catch (error) {
      show("wrong", T.camera_failed);
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    startButton.hidden = true;
    stopButton.hidden = false;
    await video.play().catch(() => {});
    watch();
  }

  function stopCamera() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.srcObject = null;
    video.hidden = true;
    startButton.hidden = false;
    stopButton.hidden = true;
  }

  async function readPhoto(file) {
    let code = null;
    try {
      const bitmap = await createImageBitmap(file);
      code = await decode(bitmap);
      bitmap.close();
    } catch (error) { /* not a picture */ }
    if (code) await scanned(code);
    else show("wrong", T.no_code);
  }

  // -- Wiring ----------------------------------------------------------------------------

  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-check-in]");
    if (button) checkIn(Number(button.dataset.checkIn));
  });
  search.addEventListener("input", render);
  startButton.addEventListener("click", startCamera);
  stopButton.addEventListener("click", stopCamera);
  photo.addEventListener("change", () => {
    if (photo.files.length) readPhoto(photo.files[0]);
    photo.value = "";
  });
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) startButton.hidden = true;
  window.addEventListener("online", () => { showNetwork(); sync(); });
  window.addEventListener("offline", () => showNetwork());
  document.addEventListener("visibilitychange", () => { if (!document.hidden) sync(); });
  // Queued check-ins go as soon as they can; the list follows other hosts' check-ins.
  let ticks = 0;
  setInterval(() => {
    ticks += 1;
    if (!document.hidden && (state.queue.length || ticks % 3 === 0)) sync();
  }, 5000);

  // Offline next time: the service worker serves this page and its files from a cache,
  // which gets them now while the network is here.
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(urls.worker, {scope: urls.scope}).catch(() => {});
    if (window.caches && navigator.onLine) {
      const files = [location.pathname];
      document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=icon]").forEach(
        (element) => files.push(element.src || element.href));
      caches.open(CACHE).then((cache) => Promise.all(files.map(
        (file) => cache.add(file).catch(() => {})))).catch(() => {});
    }
  }

  // For tests and for a person with a code as text: the same path as the camera.
  window.hubsiteDoor = {decode, scanned, sync, state: () => state};

  saveState();
  render();
  sync();
})();
