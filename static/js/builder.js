// Small progressive enhancements for the builder; the page works without them.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function formOf(el) { return el.closest("form"); }
  function changed(form) { if (form) form.dispatchEvent(new Event("change", { bubbles: true })); }

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-tag]");
    if (add) {
      var rows = add.closest("[data-tag-rows]");
      var last = rows.querySelectorAll(".tag-row");
      var copy = last[last.length - 1].cloneNode(true);
      copy.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      rows.insertBefore(copy, add);
      copy.querySelector("input").focus();
      return;
    }
    var remove = event.target.closest("[data-remove-tag]");
    if (remove) {
      var container = remove.closest("[data-tag-rows]");
      var row = remove.closest(".tag-row");
      var form = formOf(remove);
      if (container.querySelectorAll(".tag-row").length > 1) {
        row.remove();
      } else {
        row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      }
      var next = container.querySelector("input");
      if (next) next.focus();
      changed(form);
      return;
    }
    var copyButton = event.target.closest("[data-copy]");
    if (copyButton) {
      var raw = document.getElementById("policy-raw");
      if (raw && navigator.clipboard) {
        navigator.clipboard.writeText(raw.value).then(function () {
          copyButton.textContent = "Copied";
          setTimeout(function () { copyButton.textContent = "Copy"; }, 1500);
        });
      }
    }
  });

  function applyOnlyWhen(form) {
    form.querySelectorAll("[data-only-when]").forEach(function (field) {
      var rules = JSON.parse(field.getAttribute("data-only-when"));
      var show = Object.keys(rules).every(function (name) {
        var checked = form.querySelector('[name="' + name + '"]:checked');
        var input = checked || form.querySelector('[name="' + name + '"]');
        return input && input.value === rules[name];
      });
      field.hidden = !show;
    });
  }

  document.addEventListener("change", function (event) {
    var form = formOf(event.target);
    if (form) applyOnlyWhen(form);
  });
  // Catalogue filter: hide cards (and empty areas) as the admin types.
  document.addEventListener("input", function (event) {
    if (!event.target.matches("[data-filter-cards]")) return;
    var words = event.target.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    document.querySelectorAll("[data-area]").forEach(function (area) {
      var visible = 0;
      area.querySelectorAll("[data-search]").forEach(function (card) {
        var text = card.getAttribute("data-search");
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        card.hidden = !match;
        if (match) visible += 1;
      });
      area.hidden = visible === 0;
      shown += visible;
    });
    var none = document.getElementById("no-match");
    if (none) none.hidden = shown !== 0;
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(applyOnlyWhen);
  });
})();
