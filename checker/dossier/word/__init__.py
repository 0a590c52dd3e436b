"""The Word round trip: the fill-in form, its import, and reports in the official layout."""
