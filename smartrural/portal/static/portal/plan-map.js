/* The plan's land-use zones on a map: tiles from the configured server and one shape per zone,
   coloured by its land use as in the list below (the same zones without the map). The JSON in
   #plan-map-data holds the checked zones (geometry, name, use, colour) only; names are shown
   as text, never as HTML. */
(function () {
  "use strict";
  var source = document.getElementById("plan-map-data");
  var box = document.getElementById("plan-map");
  if (!source || !box || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  if (!data.zones || !data.zones.features.length) {
    return;
  }
  // The colours of .use-0 … .use-7 in portal.css.
  var colours = ["#1b7837", "#b2182b", "#2166ac", "#e08214", "#762a83", "#8c510a", "#01665e", "#c51b7d"];
  box.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false });
  L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
  var zones = L.geoJSON(data.zones, {
    style: function (feature) {
      var colour = colours[feature.properties.colour % colours.length];
      return { color: colour, weight: 2, fillColor: colour, fillOpacity: 0.3 };
    },
    onEachFeature: function (feature, shape) {
      var label = document.createElement("span");
      label.textContent = feature.properties.name + " – " + feature.properties.use;
      shape.bindTooltip(label, { sticky: true });
    }
  }).addTo(map);
  map.fitBounds(zones.getBounds(), { maxZoom: 18, padding: [12, 12] });
})();
