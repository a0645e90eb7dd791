/* The map of a published list: tiles from the configured server and one marker per report with
   a position, linking to its page. The JSON in #feedback-map-data holds positions and numbers
   only (no text typed by anyone), and the list below is the same data without the map. */
(function () {
  "use strict";
  var source = document.getElementById("feedback-map-data");
  var box = document.getElementById("feedback-map");
  if (!source || !box || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  if (!data.points.length) {
    return;
  }
  box.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false });
  L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 18 }).addTo(map);
  var bounds = [];
  data.points.forEach(function (point) {
    var at = [point[1], point[2]];
    bounds.push(at);
    var marker = L.circleMarker(at, { radius: 7, color: "#0b6e4f" }).addTo(map);
    marker.on("click", function () {
      window.location.href = data.report_url.replace("/0/", "/" + point[0] + "/");
    });
  });
  map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] });
})();
