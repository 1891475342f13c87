// "What this allows": load the panel when it is opened, and again once the policy has changed.
// Without JavaScript its buttons submit the page's form and the page comes back with it open.
(function () {
  "use strict";

  function load(panel) {
    panel.removeAttribute("data-stale");
    if (window.htmx) window.htmx.trigger(panel, "access-open");
  }

  function formOf(panel) {
    var selector = panel.getAttribute("hx-include");
    return selector ? document.querySelector(selector) : null;
  }

  // toggle does not bubble: listen in the capture phase.
  document.addEventListener("toggle", function (event) {
    var panel = event.target;
    if (!panel.matches || !panel.matches("[data-access-panel]") || !panel.open) return;
    if (panel.hasAttribute("data-stale") || panel.querySelector("[data-access-empty]")) load(panel);
  }, true);

  // The builder's live preview answered: the policy may have changed. An open panel follows
  // it; a closed one loads again when it is opened.
  document.addEventListener("htmx:afterRequest", function (event) {
    var source = event.detail && event.detail.elt;
    if (!source || !source.matches || !source.matches("form")) return;
    document.querySelectorAll("[data-access-panel]").forEach(function (panel) {
      if (formOf(panel) !== source) return;
      if (panel.open && !panel.querySelector("[data-access-empty]")) load(panel);
      else panel.setAttribute("data-stale", "");
    });
  });

  // The validate page's text changed under the panel: say so (Refresh reloads it).
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!target.form || target.closest("[data-access-panel]")) return;
    document.querySelectorAll("[data-access-panel]").forEach(function (panel) {
      if (formOf(panel) === target.form && !target.form.hasAttribute("hx-post")) {
        panel.setAttribute("data-stale", "");
      }
    });
  });
})();
