// Start GOV.UK Frontend's components (error summary focus, navigation toggle, skip link).
import { initAll } from "../build/govuk-frontend.min.js";

initAll();
