"""Site primitives: SVG charts, the HTML sanitizer, published media and the theme."""
