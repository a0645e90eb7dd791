/* The dashboard's schematic map: units drawn on a plain grid (L.CRS.Simple), no tiles.
   Data: the JSON in #dashboard-map-data (smartrural/reports/schematic.py). The page lists the
   same units in a table, so the map is an extra view, never the only one.
   Unit names are text typed by officers: Leaflet treats a string given to a tooltip as HTML,
   so every label is handed over as a DOM node whose text is set with textContent. */
(function () {
  "use strict";
  function textLabel(text) {
    var label = document.createElement("span");
    label.textContent = text;
    return label;
  }
  var source = document.getElementById("dashboard-map-data");
  var box = document.getElementById("dashboard-map");
  if (!source || !box || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = {};
  data.legend.forEach(function (item) {
    colours[item.level] = item.colour;
  });
  box.hidden = false;
  var map = L.map(box, {
    crs: L.CRS.Simple,
    minZoom: -3,
    maxZoom: 3,
    zoomSnap: 0.25,
    attributionControl: false,
    scrollWheelZoom: false
  });
  data.clusters.forEach(function (cluster) {
    L.tooltip({ permanent: true, direction: "center", className: "map-label" })
      .setLatLng(cluster.at)
      .setContent(textLabel(cluster.name))
      .addTo(map);
    cluster.points.forEach(function (point) {
      L.circleMarker(point.at, {
        radius: 6,
        color: "#222",
        weight: 1,
        fillColor: colours[point.level] || "#999",
        fillOpacity: 0.95
      })
        .bindTooltip(textLabel(point.name + " — " + point.label))
        .addTo(map);
    });
  });
  map.fitBounds(data.bounds, { padding: [8, 8] });
})();
