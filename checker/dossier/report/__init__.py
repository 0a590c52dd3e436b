"""Views over results: each reporter turns the same result objects into one format."""
