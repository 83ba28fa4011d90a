"""Routes by area: sync (enrolment, batches, restore), reference data, the web page."""
