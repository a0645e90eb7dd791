// Door-to-door collection without signal (the page works without JavaScript too: the form posts).
// - A service worker (/surveys/work/collect-sw.js) keeps this page and its static files, so it
//   opens again with no network.
// - "Save the answers" queues the household's answers on this phone (localStorage), each with its
//   own idempotency key (crypto.randomUUID()); the queue is sent to the API when there is signal:
//   on load, on the "online" event, and on a timer that waits longer after each failure.
// - 200/201: sent (removed from the queue); no network or 5xx: kept for later; 401/403: kept,
//   the officer is asked to log in again; any other 4xx: refused, shown with the server's reason.
// No user text is put into HTML here: everything goes in with textContent.
(function () {
  "use strict";
  var configNode = document.getElementById("collect-config");
  var form = document.getElementById("collect-form");
  var box = document.getElementById("collect-queue");
  if (!configNode || !form || !box) return;
  var config = JSON.parse(configNode.textContent);
  var text = box.dataset;
  var STORE = "smartrural:collect:" + config.survey;
  var SENT = STORE + ":sent";
  var select = form.querySelector('select[name="sample-household"]');
  var keyInput = form.querySelector('input[name="idempotency-key"]');
  var status = document.getElementById("collect-form-status");
  var countNode = document.getElementById("collect-queue-count");
  var networkNode = document.getElementById("collect-network");
  var refusedList = document.getElementById("collect-refused");
  var sending = false;
  var delay = 5000;
  var MAX_DELAY = 300000;
  var timer = null;

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_all, name) {
      return values[name] === undefined ? "" : String(values[name]);
    });
  }

  function read(name, fallback) {
    try {
      var value = JSON.parse(window.localStorage.getItem(name) || "null");
      return value === null ? fallback : value;
    } catch (e) {
      return fallback;
    }
  }

  function write(name, value) {
    window.localStorage.setItem(name, JSON.stringify(value));
  }

  function queue() { return read(STORE, []); }
  function sentIds() { return read(SENT, []); }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function row(household) {
    return document.querySelector('#collect-households tr[data-household="' + Number(household) + '"]');
  }

  function householdName(household) {
    var tr = row(household);
    return tr ? tr.dataset.number : String(household);
  }

  function setState(household, label, kind) {
    var tr = row(household);
    if (!tr) return;
    var cell = tr.querySelector(".collect-state");
    var badge = document.createElement("span");
    badge.className = "badge " + kind;
    badge.textContent = label;
    cell.replaceChildren(badge);
    tr.dataset.state = kind;
  }

  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf(name + "=") === 0; })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }

  function csrfToken() {
    var field = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return cookie(config.csrfCookie) || (field ? field.value : "");
  }

  // The list and the household choice as this phone knows them: sent and queued households are
  // done, refused ones may be answered again.
  function render() {
    var items = queue();
    var busy = {};
    sentIds().forEach(function (id) {
      busy[id] = true;
      setState(id, text.sent, "badge-ok");
    });
    var waiting = 0;
    refusedList.replaceChildren();
    items.forEach(function (item) {
      if (item.refused) {
        setState(item.household, text.stateRefused, "badge-err");
        var li = document.createElement("li");
        var message = document.createElement("span");
        message.textContent = fill(text.refusedItem, {
          household: householdName(item.household), message: item.refused
        });
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button-small button-secondary";
        remove.textContent = text.dismiss;
        remove.addEventListener("click", function () {
          write(STORE, queue().filter(function (other) { return other.key !== item.key; }));
          render();
        });
        li.append(message, " ", remove);
        refusedList.append(li);
      } else {
        waiting += 1;
        busy[item.household] = true;
        setState(item.household, text.stateWaiting, "badge-warn");
      }
    });
    countNode.textContent = waiting ? fill(text.waiting, { count: waiting }) : text.empty;
    box.dataset.queuedCount = String(waiting);
    if (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        option.disabled = !!option.value && !!busy[option.value];
      });
    }
  }

  function schedule(later) {
    if (timer) window.clearTimeout(timer);
    timer = null;
    if (!queue().some(function (item) { return !item.refused; })) return;
    timer = window.setTimeout(sendAll, later);
  }

  function sendOne(item) {
    return window.fetch(config.api, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "Idempotency-Key": item.key,
        "X-CSRFToken": csrfToken()
      },
      body: JSON.stringify({ household: item.household, answers: item.answers, channel: "door" })
    }).then(function (response) {
      if (response.status === 200 || response.status === 201) return { done: true };
      if (response.status >= 500 || response.status === 401 || response.status === 403 || response.status === 429) {
        return { retry: true, login: response.status === 401 || response.status === 403 };
      }
      return response.json().then(
        function (body) { return { refused: (body && body.detail) || String(response.status) }; },
        function () { return { refused: String(response.status) }; }
      );
    }, function () {
      return { retry: true, offline: true };
    });
  }

  function update(key, change) {
    var items = queue();
    var kept = [];
    items.forEach(function (item) {
      if (item.key !== key) { kept.push(item); return; }
      if (change.done) {
        var sent = sentIds();
        if (sent.indexOf(item.household) < 0) sent.push(item.household);
        write(SENT, sent);
        return;
      }
      if (change.refused) item.refused = change.refused;
      kept.push(item);
    });
    write(STORE, kept);
  }

  function sendAll() {
    if (sending) return;
    var pending = queue().filter(function (item) { return !item.refused; });
    if (!pending.length) { render(); return; }
    sending = true;
    countNode.textContent = text.sending;
    var failed = null;
    var chain = Promise.resolve();
    pending.forEach(function (item) {
      chain = chain.then(function () {
        if (failed) return null;
        return sendOne(item).then(function (result) {
          if (result.retry) failed = result;
          else update(item.key, result);
        });
      });
    });
    chain.then(function () {
      sending = false;
      networkNode.hidden = !failed;
      if (failed) {
        networkNode.textContent = failed.login ? text.login : text.offline;
        delay = Math.min(delay * 2, MAX_DELAY);
        schedule(delay);
      } else {
        delay = 5000;
        // Answers saved while these were being sent go now.
        if (queue().some(function (item) { return !item.refused; })) schedule(0);
      }
      render();
    });
  }

  function answersOf() {
    var answers = {};
    var missing = null;
    config.questions.forEach(function (question) {
      var inputs = form.querySelectorAll('[name="' + question.name + '"]');
      var value = null;
      if (inputs.length && inputs[0].type === "checkbox") {
        value = Array.prototype.filter.call(inputs, function (i) { return i.checked; }).map(function (i) { return i.value; });
        if (!value.length) value = null;
      } else if (inputs.length && inputs[0].type === "radio") {
        var checked = Array.prototype.filter.call(inputs, function (i) { return i.checked; })[0];
        value = checked ? checked.value : null;
      } else if (inputs.length) {
        value = inputs[0].value.trim() || null;
      }
      if (value !== null) answers[question.name] = value;
      else if (question.required && !missing) missing = question;
    });
    return { answers: answers, missing: missing };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var household = select ? Number(select.value) : 0;
    if (!household) {
      status.textContent = text.choose;
      select.focus();
      return;
    }
    var filled = answersOf();
    if (filled.missing) {
      status.textContent = fill(text.required, { label: filled.missing.label });
      var first = form.querySelector('[name="' + filled.missing.name + '"]');
      if (first) first.focus();
      return;
    }
    var items = queue().filter(function (item) { return item.household !== household || !item.refused; });
    items.push({ key: newKey(), household: household, answers: filled.answers, saved: new Date().toISOString() });
    write(STORE, items);
    form.reset();
    if (keyInput) keyInput.value = newKey();
    status.textContent = fill(text.queued, { household: householdName(household) });
    render();
    sendAll();
  });

  // A household chosen in the list fills the form's choice (no page load: works offline).
  document.getElementById("collect-households").addEventListener("click", function (event) {
    var link = event.target.closest("a[href*='household=']");
    if (!link) return;
    event.preventDefault();
    var tr = link.closest("tr");
    select.value = tr.dataset.household;
    form.scrollIntoView();
    select.focus();
  });

  // The hamlet filter without a page load (the saved page is the whole sample).
  var filter = document.getElementById("collect-filter");
  var hamlet = document.getElementById("collect-hamlet");
  function applyFilter() {
    Array.prototype.forEach.call(document.querySelectorAll("#collect-households tr[data-household]"), function (tr) {
      tr.hidden = !!hamlet.value && tr.dataset.hamlet !== hamlet.value;
    });
  }
  filter.addEventListener("submit", function (event) {
    event.preventDefault();
    applyFilter();
  });
  hamlet.addEventListener("change", applyFilter);

  document.getElementById("collect-send").addEventListener("click", function () {
    delay = 5000;
    sendAll();
  });
  window.addEventListener("online", function () {
    delay = 5000;
    sendAll();
  });
  window.addEventListener("offline", function () {
    networkNode.textContent = text.offline;
    networkNode.hidden = false;
  });

  // The service worker keeps this page (without its query: the whole sample) and its files.
  function keepOffline(worker) {
    var urls = [config.page];
    Array.prototype.forEach.call(document.querySelectorAll("script[src], link[rel='stylesheet'][href], link[rel='icon'][href]"), function (node) {
      urls.push(node.src || node.href);
    });
    worker.postMessage({ type: "keep", urls: urls });
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "kept") {
        var ready = document.getElementById("collect-offline-ready");
        ready.textContent = text.offlineReady;
        ready.hidden = false;
        document.body.dataset.offlineReady = "true";
      }
    });
    // Without signal the worker's update check fails: the worker already there still serves.
    navigator.serviceWorker.register(config.worker, { scope: config.page }).catch(function () {});
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) keepOffline(registration.active);
    });
  }

  box.hidden = false;
  // A filtered address opened without signal gets the whole saved page: filter it here.
  var wanted = new URLSearchParams(window.location.search).get("hamlet");
  if (wanted && !hamlet.value) hamlet.value = wanted;
  if (hamlet.value) applyFilter();
  render();
  sendAll();
})();
