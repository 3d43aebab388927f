/*
 * Autosave for the planner's step forms: an improvement on top of the plain form, which works
 * without it.
 *
 * - About 3 seconds after typing stops, the form is POSTed with `X-Autosave: 1`; the server
 *   answers JSON: 200 {version, saved_at_label, others_changed}, 409 {conflict} or
 *   400 {errors}.
 *   The time saved comes formatted and labelled by the server (the reader's time zone and
 *   language, as on every page), so this script never formats a time itself.
 * - After a save the hidden `version` field takes the new version, so the next save (automatic
 *   or by the buttons) is not mistaken for someone else's.
 * - When someone else saved the step meanwhile (200 with others_changed, or 409 when both
 *   changed the same field), the form is sent the plain way so that the page shows their
 *   changes, or the fields in conflict with a choice (see bringInOthers).
 * - Every change is also kept as a draft in localStorage, keyed by plan, step and the version
 *   it was typed on, so a closed tab loses at most the last field typed. On load a draft for
 *   the current version is put back into the form; a draft typed on an older version is only
 *   offered, because someone saved since.
 *
 * No inline script or handlers: the page can run under a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var DELAY_MS = 3000;
  var SKIPPED = { csrfmiddlewaretoken: true, version: true, save_and_next: true };

  var form = document.querySelector("form[data-autosave-key]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var versionInput = form.querySelector('input[name="version"]');
  var keyPrefix = "planner-draft:" + form.getAttribute("data-autosave-key") + ":";
  var timer = null;
  var inFlight = null;
  var saveAgain = false;
  var edits = 0;
  var stopped = false;
  var marked = [];

  // The words come from the page (data-msg-* on the status element), translated by Django.
  function text(name) {
    var key = "msg" + name.charAt(0).toUpperCase() + name.slice(1);
    return (status && status.dataset[key]) || "";
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage blocked (private mode, settings)
    }
  }

  function currentVersion() {
    return versionInput ? versionInput.value : "";
  }

  function fields() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (!SKIPPED[name] && typeof value === "string") {
        pairs.push([name, value.replace(/\r\n/g, "\n")]);
      }
    });
    return pairs;
  }

  function show(message, isError) {
    if (!status) {
      return;
    }
    status.textContent = message;
    status.classList.toggle("text-danger", Boolean(isError));
  }

  // --- Drafts in localStorage --------------------------------------------------------------

  function draftKeys() {
    var store = storage();
    var keys = [];
    if (!store) {
      return keys;
    }
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(keyPrefix) === 0) {
        keys.push(key);
      }
    }
    return keys;
  }

  function writeDraft(submitted) {
    var store = storage();
    if (!store) {
      return;
    }
    var draft = { savedAt: Date.now(), fields: fields(), submitted: Boolean(submitted) };
    try {
      store.setItem(keyPrefix + currentVersion(), JSON.stringify(draft));
    } catch (error) {
      // Storage full: the server copy is what counts.
    }
  }

  function clearDrafts() {
    var store = storage();
    draftKeys().forEach(function (key) {
      store.removeItem(key);
    });
  }

  function readDraft(key) {
    try {
      return JSON.parse(storage().getItem(key));
    } catch (error) {
      return null;
    }
  }

  function sameFields(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function putIntoForm(pairs) {
    var values = {};
    pairs.forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    var used = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || SKIPPED[name] || element.type === "submit" || element.type === "hidden") {
        return;
      }
      var given = values[name] || [];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = given.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = given.indexOf(option.value) !== -1;
        });
      } else {
        var index = used[name] || 0;
        element.value = index < given.length ? given[index] : "";
        used[name] = index + 1;
      }
    });
  }

  function restoreOnLoad() {
    var version = currentVersion();
    var older = null;
    draftKeys().forEach(function (key) {
      var draft = readDraft(key);
      var draftVersion = key.slice(keyPrefix.length);
      if (!draft || !draft.fields) {
        storage().removeItem(key);
      } else if (sameFields(draft.fields, fields())) {
        storage().removeItem(key); // nothing unsaved in it
      } else if (draftVersion === version) {
        putIntoForm(draft.fields);
        show(text("restored"));
        schedule();
      } else if (draft.submitted) {
        // Sent with the buttons and answered by the server: this page shows the outcome.
        storage().removeItem(key);
      } else if (!older || draft.savedAt > older.draft.savedAt) {
        older = { key: key, draft: draft };
      }
    });
    if (older) {
      offer(older);
    }
  }

  function offer(older) {
    var box = document.createElement("div");
    box.className = "alert alert-warning";
    var message = document.createElement("p");
    message.textContent = text("older");
    var putBack = document.createElement("button");
    putBack.type = "button";
    putBack.className = "btn btn-sm btn-primary me-2";
    putBack.textContent = text("putBack");
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-dark";
    discard.textContent = text("discard");
    putBack.addEventListener("click", function () {
      putIntoForm(older.draft.fields);
      storage().removeItem(older.key);
      writeDraft(false);
      box.remove();
      show(text("restored"));
      schedule();
    });
    discard.addEventListener("click", function () {
      storage().removeItem(older.key);
      box.remove();
    });
    box.appendChild(message);
    box.appendChild(putBack);
    box.appendChild(discard);
    form.insertBefore(box, form.firstChild);
  }

  // --- Saving -------------------------------------------------------------------------------

  function unmark() {
    marked.forEach(function (element) {
      element.classList.remove("is-invalid");
      element.removeAttribute("aria-invalid");
    });
    marked = [];
  }

  function mark(errors) {
    unmark();
    Object.keys(errors || {}).forEach(function (name) {
      Array.prototype.forEach.call(form.querySelectorAll('[name="' + cssEscape(name) + '"]'), function (element) {
        element.classList.add("is-invalid");
        element.setAttribute("aria-invalid", "true");
        marked.push(element);
      });
    });
  }

  function cssEscape(value) {
    return window.CSS && CSS.escape ? CSS.escape(value) : value.replace(/["\\]/g, "\\$&");
  }

  function schedule() {
    if (stopped) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(save, DELAY_MS);
  }

  function save() {
    timer = null;
    if (stopped) {
      return Promise.resolve();
    }
    if (inFlight) {
      saveAgain = true;
      return inFlight;
    }
    saveAgain = false;
    var sentEdits = edits;
    show(text("saving"));
    inFlight = fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Autosave": "1", Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            handle(response.status, body, edits > sentEdits);
          });
      })
      .catch(function () {
        show(text("failed"), true);
      })
      .then(function () {
        inFlight = null;
        if (saveAgain) {
          schedule();
        }
      });
    return inFlight;
  }

  // Someone else saved this step too. Their changes are merged into what is saved, but this
  // form does not show them, and saving it under the new version would undo them. So the
  // form is sent the plain way, still naming the version it was loaded at: the server merges
  // again and shows the step as saved, or each field both people changed beside the other's
  // text.
  function bringInOthers() {
    stopped = true;
    show(text("merging"));
    writeDraft(true);
    form.submit();
  }

  function handle(statusCode, body, typedSince) {
    if ((statusCode === 200 && body.others_changed) || (statusCode === 409 && body.conflict)) {
      bringInOthers();
    } else if (statusCode === 200 && body.version !== undefined) {
      clearDrafts();
      if (versionInput) {
        versionInput.value = String(body.version);
      }
      unmark();
      show(text("saved").replace("{time}", body.saved_at_label || body.saved_at || ""));
      if (typedSince) {
        writeDraft(false); // typed while saving: keep it, under the new version
      }
    } else if (statusCode === 400) {
      mark(body.errors);
      show(text("invalid"), true);
    } else {
      show(text("failed"), true);
    }
  }

  function changed() {
    edits += 1;
    writeDraft(false);
    schedule();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    if (inFlight) {
      // Let the running autosave finish first, or the buttons would send an old version.
      event.preventDefault();
      var submitter = event.submitter;
      inFlight.then(function () {
        if (form.requestSubmit) {
          form.requestSubmit(submitter || undefined);
        } else {
          form.submit();
        }
      });
      return;
    }
    stopped = true;
    if (event.submitter && event.submitter.name === "rows") {
      // A row added, moved or removed: the page comes back with the text at new places, so
      // a draft of the old places must not be put back into it.
      clearDrafts();
    } else {
      writeDraft(true);
    }
  });

  restoreOnLoad();
})();
