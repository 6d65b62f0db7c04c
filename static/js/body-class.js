// GOV.UK Frontend styles its components for JavaScript only once the body says scripts run.
// Kept in a file rather than inline so the Content-Security-Policy can forbid inline script.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
