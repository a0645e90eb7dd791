"""Forms of the officers' feedback pages, one module a page family."""
