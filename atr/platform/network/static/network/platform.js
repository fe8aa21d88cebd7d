/*
 * ATR Network platform: progressive enhancement only. Every page works without JavaScript; this
 * marks the page as JavaScript-capable (GOV.UK Frontend's styles key off these classes) and
 * starts GOV.UK Frontend's components. Loaded as a file so the content security policy can
 * forbid inline script.
 */
(function () {
  "use strict";
  document.body.classList.add("js-enabled", "govuk-frontend-supported");
  if (window.GOVUKFrontend && typeof window.GOVUKFrontend.initAll === "function") {
    window.GOVUKFrontend.initAll();
  }
})();
