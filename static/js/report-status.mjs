// While a report compiles, poll its status and reload the page once the run has finished,
// so the new file, or the reason it failed, shows without the reader refreshing by hand.
// Without JavaScript the page has a "Refresh to see progress" link instead.
const panel = document.getElementById("report-status");
const POLL_MS = 2000;

async function poll() {
  const response = await fetch(panel.dataset.statusUrl, {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
  if (!response.ok) return;
  const status = await response.json();
  const progress = document.getElementById("report-progress");
  if (status.compiling) {
    if (progress) {
      progress.textContent = `Step ${status.step + 1} of ${status.steps}: ${status.progress}`;
    }
    window.setTimeout(poll, POLL_MS);
  } else {
    window.location.reload();
  }
}

if (panel && panel.dataset.compiling === "true") {
  window.setTimeout(poll, POLL_MS);
}
