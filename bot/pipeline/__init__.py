"""The stages of one sync run, each in its module; bot.runner strings them together.

- ``inputs``: what a run depends on (pages read, pages written, translation statistics, the hub
  listing), declared once and used by the fetch, the quiet check and the fingerprints;
- ``quiet``: a run with nothing new, decided from revision ids alone;
- ``fetch``: every page, hub and check the run needs, in batches (the only stage that reads);
- ``parse``: what the render functions use, from what was fetched (pure: no I/O);
- ``write``: plan and execute each page, the on-wiki lists and the errors page last;
- ``record``: what the state keeps of the run, one place for every way a run ends.
"""
