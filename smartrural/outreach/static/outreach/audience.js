// The campaign form's audience picker: a search box that filters the tree by name with or
// without Vietnamese accents, the count of units chosen, and the list fetched again when the
// date changes (outreach/forms/campaigns.py AudienceTree; the page works without this file).
// Names only ever reach the page as text or as HTML the server escaped.
(function () {
  "use strict";
  var form = document.getElementById("audience-picker");
  if (!form) return;
  form = form.closest("form");
  var dateInput = form.querySelector("input[name=audience_as_of]");

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function picker() { return document.getElementById("audience-picker"); }

  function count() {
    var box = picker();
    var n = box.querySelectorAll("input[type=checkbox]:checked").length;
    var text = (n === 1 ? box.dataset.one : box.dataset.many).replace("%s", String(n));
    document.getElementById("audience-count").textContent = text;
  }

  // Show the units whose name (or whose group's name) holds the words typed; open the groups
  // that hold one, close the others again when the box is emptied.
  function filter() {
    var query = fold(document.getElementById("audience-search").value);
    var tree = document.getElementById("audience-tree");
    function walk(item, shownAbove) {
      var details = item.querySelector(":scope > details");
      var label = details ? details.querySelector(":scope > summary") : item.querySelector(":scope > label");
      var own = !query || shownAbove || fold(label.textContent).indexOf(query) !== -1;
      var any = own;
      if (details) {
        var children = details.querySelectorAll(":scope > ul > li:not(.whole)");
        var inner = false;
        for (var i = 0; i < children.length; i++) {
          if (walk(children[i], own && !!query)) inner = true;
        }
        any = own || inner;
        if (query) details.open = inner || own;
        else details.open = details.dataset.openAtFirst === "1";
      }
      item.hidden = !any;
      return any;
    }
    var roots = tree.querySelectorAll(":scope > li");
    var shown = 0;
    for (var i = 0; i < roots.length; i++) if (walk(roots[i], false)) shown++;
    document.getElementById("audience-none").hidden = shown > 0;
  }

  function wire() {
    var box = picker();
    box.querySelector(".audience-find").hidden = false;
    var details = box.querySelectorAll("details");
    for (var i = 0; i < details.length; i++) details[i].dataset.openAtFirst = details[i].open ? "1" : "0";
    document.getElementById("audience-search").addEventListener("input", filter);
    box.addEventListener("change", count);
    box.addEventListener("keydown", function (event) {
      // Enter in the search box filters, it does not submit the form.
      if (event.key === "Enter" && event.target.id === "audience-search") event.preventDefault();
    });
    count();
  }

  function showError(text) {
    var old = document.getElementById("audience-date-error");
    if (old) old.remove();
    if (!text) return;
    var p = document.createElement("p");
    p.className = "errorlist";
    p.id = "audience-date-error";
    p.setAttribute("role", "alert");
    p.textContent = text;
    picker().before(p);
  }

  // The lists as of the date typed: the same page's ?part=audience, put in place of ours,
  // keeping the units still ticked (and the sending unit) that exist on the new date and the
  // words in the search box, both as they are when the answer comes (the officer may go on
  // ticking and typing while it is on its way).
  // Enter in the date and then leaving it are one change: the lists of a date are asked once
  // (the button asks again).
  var pending = null;
  var asked = dateInput ? dateInput.value : "";
  function refresh(again) {
    if (!again && dateInput.value === asked) return;
    asked = dateInput.value;
    var url = new URL(window.location.href);
    url.search = "";
    url.searchParams.set("part", "audience");
    url.searchParams.set("as_of", dateInput.value);
    if (pending) pending.abort();
    pending = new AbortController();
    picker().classList.add("audience-busy");
    fetch(url, { signal: pending.signal, credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var part = new DOMParser().parseFromString(html, "text/html");
        var fresh = part.getElementById("audience-picker");
        if (!fresh) throw new Error("no audience in the answer");
        fresh = document.importNode(fresh, true);
        var ticked = {};
        picker().querySelectorAll("input[type=checkbox]:checked").forEach(function (input) { ticked[input.value] = true; });
        var search = document.getElementById("audience-search");
        var query = search.value;
        var typing = document.activeElement === search;
        fresh.querySelectorAll("input[type=checkbox]").forEach(function (input) { input.checked = !!ticked[input.value]; });
        picker().replaceWith(fresh);
        var select = part.getElementById("id_unit");
        var mine = document.getElementById("id_unit");
        if (select && mine) {
          var chosen = mine.value;
          mine.replaceChildren.apply(mine, Array.prototype.map.call(select.options, function (option) {
            return document.importNode(option, true);
          }));
          mine.value = chosen;
          if (mine.value !== chosen) mine.selectedIndex = 0;
        }
        var error = part.getElementById("audience-date-error");
        wire();
        showError(error ? error.textContent : "");
        search = document.getElementById("audience-search");
        search.value = query;
        if (query) filter();
        if (typing) search.focus();
      })
      .catch(function (err) {
        if (err.name === "AbortError") return;
        picker().classList.remove("audience-busy");
        // The button still works: the form is sent and comes back with the lists of the date.
      });
  }

  form.addEventListener("click", function (event) {
    if (event.target.id === "audience-refresh") {
      event.preventDefault();
      refresh(true);
    }
  });
  if (dateInput) dateInput.addEventListener("change", function () { refresh(false); });
  // Enter in a field sends the form with its first button, which would be "show the units"
  // (harmless: it keeps what was typed): in the date it shows the units, elsewhere it saves.
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || target.tagName !== "INPUT" || target.type === "checkbox") return;
    if (target.id === "audience-search") return;
    event.preventDefault();
    if (target === dateInput) refresh(false);
    else form.requestSubmit(form.querySelector("button[type=submit]:not([name=refresh])"));
  });
  wire();
})();
