// Offline reading, as an improvement: registers the service worker (templates/portal/sw.js), asks
// it to keep this language's reading pages, and says "Available offline" in the footer once kept.
(function () {
  const status = document.getElementById("offline-status");
  if (!status || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.kept) status.hidden = false;
  });
  navigator.serviceWorker.register(status.dataset.worker, {scope: "/"}).then(
    () => navigator.serviceWorker.ready
  ).then((registration) => {
    registration.active.postMessage({keep: status.dataset.pages});
  }).catch(() => {});  // no worker (private window, old browser): the site works as before
})();
