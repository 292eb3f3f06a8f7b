// Small behaviours that need script; every page works without them.
(function () {
  "use strict";

  // Move focus to the error summary, so keyboard and screen-reader users
  // learn at once that the form needs attention.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  });
})();
