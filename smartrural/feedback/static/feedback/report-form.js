// The report form, improved when JavaScript runs (it works fully without):
// - "use my position" fills the hidden latitude/longitude from the browser's geolocation;
// - a Leaflet map (only when the page has #report-map: a tile server is configured) sets them by a tap;
// - photos are made at most 1600 px JPEG in the browser before upload (canvas -> Blob -> DataTransfer);
// - similar open reports are fetched as an HTML fragment (htmx) once category and place are chosen.
// No user text is put into HTML here: messages come from data attributes and go in as text.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  var status = document.getElementById("position-status");
  var MAX_SIDE = 1600;

  function setPosition(la, lo) {
    lat.value = la.toFixed(6);
    lng.value = lo.toFixed(6);
    status.textContent = status.dataset.located + " " + lat.value + ", " + lng.value;
    lookUpSimilar();
  }

  var button = document.getElementById("use-position");
  if (button && navigator.geolocation) {
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = status.dataset.locating;
      navigator.geolocation.getCurrentPosition(
        function (pos) { setPosition(pos.coords.latitude, pos.coords.longitude); },
        function () { status.textContent = status.dataset.failed; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  var mapBox = document.getElementById("report-map");
  if (mapBox && window.L && mapBox.dataset.tiles) {
    mapBox.hidden = false;
    var map = window.L.map(mapBox).setView([9.95, 106.2], 9);
    window.L.tileLayer(mapBox.dataset.tiles, { attribution: mapBox.dataset.attribution, maxZoom: 19 }).addTo(map);
    var marker = null;
    map.on("click", function (e) {
      if (marker) marker.setLatLng(e.latlng); else marker = window.L.marker(e.latlng).addTo(map);
      setPosition(e.latlng.lat, e.latlng.lng);
    });
  }

  function shrink(file) {
    return new Promise(function (resolve) {
      if (!/^image\//.test(file.type) || !window.createImageBitmap) { resolve(file); return; }
      createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
        var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
        if (scale === 1 && file.type === "image/jpeg" && file.size < 1500000) { resolve(file); return; }
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          if (!blob || blob.size >= file.size) { resolve(file); return; }
          var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified }));
        }, "image/jpeg", 0.85);
      }, function () { resolve(file); });
    });
  }

  var photos = form.querySelector('input[type="file"][name="photos"]');
  var note = document.getElementById("photo-note");
  if (photos && window.DataTransfer && window.Promise) {
    photos.addEventListener("change", function () {
      var files = Array.prototype.slice.call(photos.files);
      if (!files.length) return;
      Promise.all(files.map(shrink)).then(function (done) {
        var changed = done.some(function (f, i) { return f !== files[i]; });
        if (!changed) return;
        var transfer = new DataTransfer();
        done.forEach(function (f) { transfer.items.add(f); });
        photos.files = transfer.files;
        note.textContent = note.dataset.resized;
        note.hidden = false;
      });
    });
  }

  var category = document.getElementById("id_category");
  var place = document.getElementById("id_place");
  function lookUpSimilar() {
    if (!window.htmx || !category.value || !place.value) return;
    window.htmx.ajax("GET", form.dataset.similarUrl, {
      target: "#similar",
      swap: "innerHTML",
      values: { category: category.value, place: place.value, latitude: lat.value, longitude: lng.value }
    });
  }
  category.addEventListener("change", lookUpSimilar);
  place.addEventListener("change", lookUpSimilar);
})();
