/* The error summary of a failed save (core pages): focused on load so it is read out and in
   view; its links move focus to the field itself (a plain link only scrolls), with the
   field's label or legend in view. Without JavaScript the links still scroll to the field. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) {
      return;
    }
    event.preventDefault();
    var group = field.closest("fieldset");
    var caption = group ? group.querySelector("legend") : null;
    if (!caption && field.labels && field.labels.length) {
      caption = field.labels[0];
    }
    (caption || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
