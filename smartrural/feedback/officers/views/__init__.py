"""Views of the officers' feedback pages, one module a page (all behind ``officials_area``)."""
