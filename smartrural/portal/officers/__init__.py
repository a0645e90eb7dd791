"""The officers' side of the portals under /portal/work/: residents' comments on the plans of
their units, to publish, reject or answer."""
