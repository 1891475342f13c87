// Small progressive enhancements for the builder, the combine page and the catalogue; the
// pages work without them. One module: one handler per event, each doing its parts in order.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function formOf(el) { return el.closest("form"); }
  function changed(element) {
    if (element) element.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function visible(element) { return !!(element && element.offsetParent !== null); }

  // --- Fields: their names, and which ones the admin has touched ---------------------------

  // The rules name parameters as the scenario does ("scope"). On the combine page each part's
  // fields carry its form prefix ("p0-scope"): the part's element says so in data-field-prefix,
  // and a rule looks only inside its own part. The builder has no prefix: the form is the scope.
  function scopeOf(field, form) { return field.closest("[data-field-prefix]") || form; }
  function prefixOf(scope) { return scope.getAttribute("data-field-prefix") || ""; }
  function named(scope, name, extra) {
    return scope.querySelector('[name="' + prefixOf(scope) + name + '"]' + (extra || ""));
  }

  // The live preview shows an error only beside a field the admin has changed: typing the
  // first field must not mark the empty ones below it as wrong. The form's data-touched input
  // carries the names (ScenarioForm.touched_fields); listening in the capture phase fills it
  // before htmx, listening on the form, reads the form for the request.
  function touch(element) {
    var form = element.form || formOf(element);
    var list = form && form.querySelector("input[data-touched]");
    var field = element.closest('.field[id^="field-"]');
    if (!list || !field) return;
    var name = field.id.slice("field-".length);
    var names = list.value.split(" ").filter(Boolean);
    if (names.indexOf(name) === -1) list.value = names.concat([name]).join(" ");
  }

  // --- Which fields are asked for --------------------------------------------------------

  // Whether the switch ``name`` of the field's own part (or of the builder's form) is on.
  function switchOn(form, field, name) {
    var box = named(scopeOf(field, form), name, '[type="checkbox"]');
    return !!(box && box.checked);
  }

  // data-only-when: asked for while other fields hold these values. data-when-checked: only
  // while a switch is on; data-or-when-checked: also while a switch is on.
  function applyVisibility(form) {
    form.querySelectorAll("[data-only-when]").forEach(function (field) {
      var rules = JSON.parse(field.getAttribute("data-only-when"));
      var scope = scopeOf(field, form);
      field.hidden = !Object.keys(rules).every(function (name) {
        var input = named(scope, name, ":checked") || named(scope, name);
        return input && input.value === rules[name];
      });
    });
    form.querySelectorAll("[data-when-checked]").forEach(function (field) {
      var on = switchOn(form, field, field.getAttribute("data-when-checked"));
      if (!on) field.hidden = true;
      else if (!field.hasAttribute("data-only-when")) field.hidden = false;
    });
    form.querySelectorAll("[data-or-when-checked]").forEach(function (field) {
      if (switchOn(form, field, field.getAttribute("data-or-when-checked"))) field.hidden = false;
    });
  }

  // --- Clicks: tag rows, Copy, advice buttons ----------------------------------------------

  function addTagRow(add) {
    var rows = add.closest("[data-tag-rows]");
    var last = rows.querySelectorAll(".tag-row");
    var copy = last[last.length - 1].cloneNode(true);
    copy.querySelectorAll("input").forEach(function (input) { input.value = ""; });
    rows.insertBefore(copy, add);
    copy.querySelector("input").focus();
  }

  function removeTagRow(remove) {
    var container = remove.closest("[data-tag-rows]");
    var row = remove.closest(".tag-row");
    if (container.querySelectorAll(".tag-row").length > 1) {
      row.remove();
    } else {
      row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
    }
    var next = container.querySelector("input");
    if (next) next.focus();
    changed(container);
  }

  // Copies the text of the element the button names: the highlighted policy's text is the
  // policy, character for character (tests/browser/test_builder_in_browser.py), so the page
  // sends it once.
  function copyPolicy(copyButton) {
    var shown = document.querySelector(copyButton.getAttribute("data-copy"));
    if (shown && navigator.clipboard) {
      navigator.clipboard.writeText(shown.textContent).then(function () {
        copyButton.textContent = "Copied";
        setTimeout(function () { copyButton.textContent = "Copy"; }, 1500);
      });
    }
  }

  // Advice buttons change the form's own controls, then let htmx refresh the preview.
  // Without JavaScript they submit the form and the server makes the same change.
  function applyAdvice(button, event) {
    var form = document.getElementById(button.getAttribute("form") || "scenario-form");
    if (!form) return;
    event.preventDefault();
    var name = button.getAttribute("data-check");
    var box = name ? form.querySelector('input[type="checkbox"][name="' + name + '"]') : null;
    if (box) box.checked = true;
    var choose = (button.getAttribute("data-choose") || "").split("=");
    var radio = null;
    if (choose.length === 2) {
      form.querySelectorAll('input[name="' + choose[0] + '"]').forEach(function (input) {
        if (input.value === choose[1]) { input.checked = true; radio = input; }
      });
    }
    var drop = (button.getAttribute("data-uncheck") || "").split(" ").filter(Boolean);
    form.querySelectorAll('input[name="actions"]').forEach(function (input) {
      if (drop.indexOf(input.value) !== -1) input.checked = false;
    });
    [box, radio, drop.length ? form.querySelector('input[name="actions"]') : null]
      .forEach(function (changedInput) { if (changedInput) touch(changedInput); });
    form.dispatchEvent(new Event("change", { bubbles: true }));
    var focus = box || radio || form.querySelector('input[name="actions"]');
    if (focus) focus.focus();
  }

  // --- The catalogue filter: hide cards (and empty areas) as the admin types ---------------

  function filterCards(input) {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    document.querySelectorAll("[data-area]").forEach(function (area) {
      var count = 0;
      area.querySelectorAll("[data-search]").forEach(function (card) {
        var text = card.getAttribute("data-search");
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        card.hidden = !match;
        if (match) count += 1;
      });
      area.hidden = count === 0;
      shown += count;
    });
    document.querySelectorAll("[data-page]").forEach(function (page) {
      page.hidden = !page.querySelector("[data-area]:not([hidden])");
    });
    var none = document.getElementById("no-match");
    if (none) none.hidden = shown !== 0;
  }

  // --- A page that comes back refused ------------------------------------------------------

  // A refused download, save or submission puts focus on the first field in error, or else on
  // the reason given, so the keyboard starts where the fix is.
  function firstFieldInError(main) {
    var errors = main.querySelectorAll(".field-error");
    for (var i = 0; i < errors.length; i += 1) {
      if (!errors[i].textContent.trim()) continue;
      var field = errors[i].closest(".field");
      var controls = field ? field.querySelectorAll(
        "input:not([type=hidden]), select, textarea") : [];
      for (var j = 0; j < controls.length; j += 1) {
        if (visible(controls[j])) return controls[j];
      }
    }
    return null;
  }

  function focusTheFix() {
    var main = document.getElementById("main");
    if (!main) return;
    var target = firstFieldInError(main);
    if (!target) {
      target = main.querySelector(".banner[role=alert], .error[role=alert]");
      if (!visible(target)) return;
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  // --- The handlers -------------------------------------------------------------------------

  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.closest) touch(event.target);
    }, true);
  });

  document.addEventListener("change", function (event) {
    var form = event.target.closest && formOf(event.target);
    if (form) applyVisibility(form);
  });

  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-filter-cards]")) filterCards(event.target);
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    var found;
    if ((found = target.closest("[data-add-tag]"))) addTagRow(found);
    else if ((found = target.closest("[data-remove-tag]"))) removeTagRow(found);
    else if ((found = target.closest("[data-copy]"))) copyPolicy(found);
    else if ((found = target.closest("[data-advice-apply]"))) applyAdvice(found, event);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(applyVisibility);
    focusTheFix();
  });
})();
