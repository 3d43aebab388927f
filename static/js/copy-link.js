/*
 * "Copy link" buttons for the links a facilitator passes on (templates/planner/includes/
 * send_link.html): an improvement on top of the link shown as text, which works without it.
 *
 * The button is hidden in the HTML and shown here, so a page without script offers no button
 * that cannot work. Copying uses the asynchronous clipboard; where it is missing or refused
 * (an old browser, a page not served over HTTPS) the link's text is selected instead, for the
 * phone's own copy menu. The result is told in the box's status (role="status", polite), with
 * words from its data-msg-* attributes, translated by Django.
 *
 * No inline script or handlers: the page can run under a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  function say(status, message) {
    if (!status) {
      return;
    }
    // Emptied first so that a second copy is announced again.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 100);
  }

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function setUp(box) {
    var button = box.querySelector("[data-copy-button]");
    var url = box.querySelector("[data-copy-url]");
    var status = box.querySelector("[data-copy-status]");
    if (!button || !url) {
      return;
    }
    function selectInstead() {
      select(url);
      say(status, status ? status.dataset.msgSelected : "");
    }
    button.addEventListener("click", function () {
      var link = url.textContent.trim();
      if (!navigator.clipboard || !navigator.clipboard.writeText) {
        selectInstead();
        return;
      }
      navigator.clipboard.writeText(link).then(function () {
        say(status, status ? status.dataset.msgCopied : "");
      }, selectInstead);
    });
    button.hidden = false;
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-copy-link]"), setUp);
})();
