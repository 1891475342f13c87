// The custom statement builder's htmx glue; the page works without it (plain form posts).
// Typing, and choosing a region, an operator or the effect, refreshes only the preview
// ("custom-preview"); a change that changes the form itself (an action checked or added, a
// resource type, a condition key) rebuilds the whole builder ("custom-rebuild").
(function () {
  "use strict";

  function formOf(element) {
    return element && element.closest ? element.closest("#custom-form") : null;
  }
  function fire(form, name) {
    if (window.htmx) window.htmx.trigger(form, name);
  }

  // What the admin changes while a rebuild is on its way would be replaced by the server's
  // older copy of the form: remember it (by id) and put it back after the swap.
  var sent = null;
  var snapshot = {};
  var since = {};
  function remember(element) {
    if (!sent || !element.id || element.type === "checkbox" || element.type === "radio") return;
    if (element.value !== snapshot[element.id]) since[element.id] = element.value;
    else delete since[element.id];
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = formOf(event.detail.elt);
    var target = event.detail.target;
    if (form && target && target.id === "custom-builder") {
      sent = form;
      since = {};
      snapshot = {};
      form.querySelectorAll("input[id], select[id], textarea[id]").forEach(function (element) {
        snapshot[element.id] = element.value;
      });
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var form = document.getElementById("custom-form");
    if (!sent || !form || form === sent) return;
    var restored = false;
    Object.keys(since).forEach(function (id) {
      var element = document.getElementById(id);
      if (element && element.value !== since[id]) {
        element.value = since[id];
        restored = true;
      }
    });
    sent = null;
    since = {};
    if (restored) fire(form, "custom-preview");
  });

  document.addEventListener("change", function (event) {
    var form = formOf(event.target);
    if (form) remember(event.target);
    if (!form || event.target.matches("[data-search]")) return;
    fire(form, event.target.matches("[data-rebuild]") ? "custom-rebuild" : "custom-preview");
  });

  document.addEventListener("input", function (event) {
    var form = formOf(event.target);
    var typed = event.target.matches && event.target.matches("input[type=text], textarea");
    if (form) remember(event.target);
    if (form && typed && !event.target.matches("[data-rebuild]")) fire(form, "custom-preview");
  });

  // Enter in "Add an action" adds it (a rebuild) instead of submitting the form's first button.
  document.addEventListener("keydown", function (event) {
    var form = formOf(event.target);
    if (!form || event.key !== "Enter" || !window.htmx) return;
    if (event.target.matches("input[data-rebuild], input[data-search]")) {
      event.preventDefault();
      if (event.target.matches("[data-rebuild]")) fire(form, "custom-rebuild");
    }
  });
})();
